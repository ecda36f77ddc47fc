import { describe, expect, it } from "vitest";
import { forbiddenAddress, parseAllowList, targetProblem } from "./outbound-rules";

describe("notification targets", () => {
  it.each([
    "http://127.0.0.1:9/x",
    "http://127.0.0.2/",
    "http://[::1]:9/",
    "http://[::ffff:127.0.0.1]/",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://127.1/",
    "http://0.0.0.0/",
    "http://10.1.2.3/",
    "http://172.16.0.9/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/",
    "http://[fd00::5]/",
    "http://224.0.0.1/",
    "http://localhost:3000/",
    "http://api.localhost/",
    "file:///etc/passwd",
    "gopher://example.com/",
    "not a url",
  ])("refuses %s", (url) => {
    expect(targetProblem(url)).not.toBeNull();
  });

  it.each([
    "https://hooks.slack.com/services/T0/B0/x",
    "https://93.184.216.34/hook",
    "http://[2606:4700::1111]/",
    "https://pager.example.com/page",
  ])("lets %s through", (url) => {
    expect(targetProblem(url)).toBeNull();
  });

  it("lets through what OUTBOUND_ALLOW names, and nothing else inside", () => {
    const { list, problems } = parseAllowList("127.0.0.1, 10.20.0.0/16, fd00::/8, mail-gw.internal");
    expect(problems).toEqual([]);
    expect(targetProblem("http://127.0.0.1:8025/", list)).toBeNull();
    expect(targetProblem("http://10.20.3.4/", list)).toBeNull();
    expect(targetProblem("http://[fd00::5]/", list)).toBeNull();
    expect(targetProblem("http://mail-gw.internal/send", list)).toBeNull();
    expect(targetProblem("http://127.0.0.2/", list)).not.toBeNull();
    expect(targetProblem("http://10.21.0.1/", list)).not.toBeNull();
    expect(forbiddenAddress("169.254.169.254", list)).toMatch(/link-local/);
    expect(parseAllowList("10.0.0.0/99, *.evil, 1.2.3.4/8/9").problems).toHaveLength(3);
  });
});
