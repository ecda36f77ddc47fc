// Storage in one region: volume attaches and errors, backup jobs (last success, last run).
import type { Builder, RegionSignals } from "./builder";
import { BACKUP_JOBS, MIN } from "../shape";

export function storage(b: Builder, s: RegionSignals): void {
  const { counter, gauge, wobble, p } = b;
  const { region, index: ri, shape, hostWave, vmNoise } = s;
  // --- storage
  const attach = (m: number) => 1.4 * shape(m) * vmNoise(m);
  counter("volume_attach_attempts_total", "Volume attach attempts.", { region }, attach);
  const attachNoise = wobble(`attachfail:${region}`, 0.5);
  counter(
    "volume_attach_failures_total",
    "Volume attach failures.",
    { region },
    (m) => attach(m) * (0.0008 * attachNoise(m) + 0.09 * hostWave(m)),
  );
  counter(
    "volume_errors_total",
    "Volume I/O and checksum errors.",
    { region, kind: "io" },
    (m) => 0.01 + 0.8 * hostWave(m),
  );
  counter("volume_errors_total", "Volume I/O and checksum errors.", { region, kind: "checksum" }, () => 0.0005);
  const every: Record<(typeof BACKUP_JOBS)[number], number> = {
    "postgres-wal": 5,
    "postgres-base": 1440,
    "volume-snapshots": 360,
  };
  for (const job of BACKUP_JOBS) {
    const period = every[job];
    const offset = (ri * 97) % period;
    const lastRun = (m: number) => Math.floor((m - offset) / period) * period + offset;
    gauge(
      "backup_job_last_success_timestamp_seconds",
      "When the backup job last succeeded.",
      { region, backup: job },
      (m) => {
        const since = p.activeSince("late-backup", region, m, job);
        const last = since === null ? lastRun(m) : lastRun(Math.floor(since / MIN) - 1);
        return last * 60; // the run finishes within its minute; never later than now
      },
    );
    gauge(
      "backup_job_last_run_status",
      "Outcome of the backup job's last run (1 success, 0 failure).",
      { region, backup: job },
      (m) => (p.activeSince("late-backup", region, m, job) === null ? 1 : 0),
    );
  }
}
