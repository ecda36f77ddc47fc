import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address.mjs";

describe("clientAddress", () => {
  it("trusts only the peer when no proxy is configured, whatever X-Forwarded-For claims", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", 0)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:127.0.0.1", undefined, 0)).toBe("127.0.0.1");
  });

  it("takes the address the trusted proxy saw, not what the client put before it", () => {
    // client 198.51.100.7 claims 1.2.3.4; the proxy (peer 10.0.0.2) appends what it saw.
    expect(clientAddress("10.0.0.2", "1.2.3.4, 198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.2", ["1.2.3.4", "198.51.100.7"], 1)).toBe("198.51.100.7");
  });

  it("walks back one entry per trusted hop", () => {
    expect(clientAddress("10.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.2", 2)).toBe("198.51.100.7");
  });

  it("falls back to the farthest address known when the chain is shorter than the hops", () => {
    expect(clientAddress("10.0.0.2", "", 3)).toBe("10.0.0.2");
  });
});
