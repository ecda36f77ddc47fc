"use client";

// Scheduling a maintenance window: services, regions, a UTC window (by default the playbook's next Sunday
// 02:00–04:00 slot far enough ahead), what customers read, the rollback plan, and for emergency work who
// approved it. The server's refusals are shown by the field they name.
import { useState } from "react";
import { useMaintenanceActions } from "@/lib/client/queries/maintenance";
import { ClientApiError, fieldErrors } from "@/lib/client/api";
import { oneOf } from "@/lib/client/one-of";
import { Button } from "@/components/ui/button";
import { ChoiceField } from "@/components/ui/choice-field";
import { control, fieldLabel } from "@/components/ui/control";
import { Panel } from "@/components/ui/page";
import { SelectField } from "@/components/ui/select-field";
import { DateTimeInput } from "@/components/ui/time-input";
import { nextSlot } from "@/lib/maintenance/rules";
import { SERVICE_LABELS, SERVICES, type Service } from "@/lib/metrics/services";
import { MAINTENANCE_KINDS, type MaintenanceKind } from "@/lib/vocabulary";

const utcInput = (t: number) => new Date(t).toISOString().slice(0, 16);

export function MaintenanceForm({
  regions: knownRegions,
  noticeHours,
  maxMinutes,
  approvers,
}: {
  regions: string[];
  noticeHours: number;
  maxMinutes: number;
  /** Who may approve emergency work: the engineering manager and the admins. */
  approvers: { id: string; name: string }[];
}) {
  const { create } = useMaintenanceActions();
  const [slot] = useState(() => nextSlot(Date.now(), noticeHours));
  const [kind, setKind] = useState<MaintenanceKind>("scheduled");
  const [services, setServices] = useState<Service[]>([]);
  const [regions, setRegions] = useState<string[]>([]);
  const [start, setStart] = useState(utcInput(slot.start));
  const [end, setEnd] = useState(utcInput(slot.end));
  const [description, setDescription] = useState("");
  const [rollback, setRollback] = useState("");
  const [approver, setApprover] = useState("");
  const error = create.error instanceof ClientApiError ? create.error : null;
  const problems = error ? fieldErrors(error.details) : [];
  const problem = (f: string) =>
    problems
      .filter((p) => p.field === `body.${f}` || p.field.startsWith(`body.${f}.`))
      .map((p) => p.message)
      .join("; ") || null;
  const fieldError = (f: string) => {
    const message = problem(f);
    return message ? (
      <span
        role="alert"
        data-field-error={f}
        className="mt-0.5 block text-xs font-normal text-red-700 dark:text-red-400"
      >
        {message}
      </span>
    ) : null;
  };
  const created = create.data?.maintenance_window;
  return (
    <Panel className="p-4">
      <h2 className="font-medium">Schedule maintenance</h2>
      <p className="text-xs text-muted">
        Scheduled work is announced at least {noticeHours} h ahead and lasts at most {maxMinutes / 60} h; the
        playbook&apos;s slot is Sunday 02:00–04:00 UTC. Emergency work needs the engineering manager&apos;s approval.
      </p>
      <form
        aria-label="Schedule maintenance"
        className="mt-3 grid gap-4 md:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            {
              kind,
              services,
              regions,
              start: `${start}:00Z`,
              end: `${end}:00Z`,
              description,
              rollback_plan: rollback,
              ...(kind === "emergency" && approver ? { approved_by: approver } : {}),
            },
            {
              onSuccess: () => {
                setDescription("");
                setRollback("");
              },
            },
          );
        }}
      >
        <div className="flex flex-wrap items-end gap-3 md:col-span-2">
          <SelectField
            label="Kind"
            value={kind}
            options={MAINTENANCE_KINDS}
            onChange={(v) => setKind(oneOf(MAINTENANCE_KINDS, v) ?? kind)}
          />
          <label className={fieldLabel}>
            Starts (UTC)
            <DateTimeInput className={`${control} mt-0.5 block`} value={start} onValue={setStart} required />
            {fieldError("start")}
          </label>
          <label className={fieldLabel}>
            Ends (UTC)
            <DateTimeInput className={`${control} mt-0.5 block`} value={end} onValue={setEnd} required />
            {fieldError("end")}
          </label>
          {kind === "emergency" && (
            <label className={fieldLabel}>
              Approved by
              <select
                className={`${control} mt-0.5 block`}
                value={approver}
                onChange={(e) => setApprover(e.target.value)}
              >
                <option value="">choose the approver</option>
                {approvers.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              {fieldError("approved_by")}
            </label>
          )}
        </div>
        <div>
          <ChoiceField
            label="Services"
            options={SERVICES.map((s) => [s, SERVICE_LABELS[s]] as const)}
            value={services}
            onChange={setServices}
          />
          {fieldError("services")}
        </div>
        <div>
          <ChoiceField
            label="Regions (none: every region)"
            options={knownRegions}
            value={regions}
            onChange={setRegions}
          />
          {fieldError("regions")}
        </div>
        <label className={fieldLabel}>
          What customers read on /status
          <textarea
            className={`${control} mt-0.5 block w-full`}
            rows={3}
            maxLength={1000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="Edge proxies are upgraded; open connections may be reset once."
          />
          {fieldError("description")}
        </label>
        <label className={fieldLabel}>
          Rollback plan (internal)
          <textarea
            className={`${control} mt-0.5 block w-full`}
            rows={3}
            maxLength={4000}
            value={rollback}
            onChange={(e) => setRollback(e.target.value)}
            placeholder="Redeploy the previous release from the pipeline; drain and restore the old pool."
          />
          {fieldError("rollback_plan")}
        </label>
        <div className="flex flex-wrap items-center gap-3 md:col-span-2">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Scheduling…" : "Schedule"}
          </Button>
          {error && !problems.length && (
            <span role="alert" className="text-sm text-red-700 dark:text-red-400">
              {error.message}
            </span>
          )}
          {created && !create.isPending && !error && (
            <span role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
              Scheduled {created.ref}.{" "}
              {create.data?.warnings.map((w) => (
                <span key={w} className="text-amber-900 dark:text-amber-200">
                  {w}
                </span>
              ))}
            </span>
          )}
        </div>
      </form>
    </Panel>
  );
}
