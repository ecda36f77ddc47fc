import { describe, expect, it } from "vitest";
import { freezeApplies, releaseText } from "./rules";

const release = (over: Partial<Parameters<typeof releaseText>[0]> = {}) =>
  releaseText({
    kind: "deploy",
    status: "succeeded",
    ref: "v42",
    app_id: "web",
    env_id: "production",
    summary: "web v42",
    ...over,
  });

describe("change rules", () => {
  it("holds back deploys and config pushes in a freeze, not rollbacks", () => {
    expect(freezeApplies("deploy")).toBe(true);
    expect(freezeApplies("config")).toBe(true);
    expect(freezeApplies("rollback")).toBe(false);
    expect(freezeApplies("flag")).toBe(false);
  });

  it("reads a release the way a tenant says it", () => {
    expect(release()).toBe("release v42 of web deployed to production");
    expect(release({ status: "started" })).toBe("release v42 of web deploying to production");
    expect(release({ status: "failed", env_id: null })).toBe("release v42 of web failed to deploy");
    expect(release({ kind: "rollback", ref: "v41" })).toBe("web in production rolled back to v41");
    expect(release({ kind: "config", summary: "raise pool size" })).toBe("raise pool size");
  });
});
