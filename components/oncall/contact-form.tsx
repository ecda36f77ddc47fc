"use client";

// Where the signed-in person is notified — chat, a JSON webhook, email, an SMS/phone gateway — and a test
// that sends to each and shows how each went.
import { useQuery } from "@tanstack/react-query";
import { contactQuery, useSaveContact, useTestContact } from "@/lib/client/queries/oncall";
import { ClientApiError } from "@/lib/client/api";
import { Button } from "@/components/ui/button";
import { control, fieldLabel } from "@/components/ui/control";
import type { NotifyChannel } from "@/lib/vocabulary";

const FIELDS = [
  {
    channel: "chat",
    name: "slack_webhook_url",
    label: "Chat (Slack-compatible webhook)",
    type: "url",
    placeholder: "https://hooks.slack.com/services/…",
  },
  {
    channel: "webhook",
    name: "webhook_url",
    label: "Webhook (JSON)",
    type: "url",
    placeholder: "https://pager.example/hooks/you",
  },
  { channel: "email", name: "email", label: "Email", type: "email", placeholder: "you@example.com" },
  {
    channel: "sms",
    name: "sms_webhook_url",
    label: "SMS/phone gateway — critical alerts only",
    type: "url",
    placeholder: "https://sms-gateway.example/hooks/you",
  },
] as const satisfies readonly {
  channel: NotifyChannel;
  name: string;
  label: string;
  type: string;
  placeholder: string;
}[];

const LABEL = Object.fromEntries(FIELDS.map((f) => [f.channel, f.label])) as Record<NotifyChannel, string>;

/** Where the signed-in person is notified when an alert (or a reminder) reaches them; `channels` says which severity uses which. */
export function ContactForm({ channels }: { channels: string }) {
  const q = useQuery(contactQuery());
  const save = useSaveContact();
  const test = useTestContact();
  // The form stands while the contact loads (disabled, empty), so nothing below it moves when it arrives.
  const contact = q.data?.contact;
  const error = [save.error, test.error].find((e) => e instanceof ClientApiError) ?? null;
  const results = test.data?.results;
  return (
    <form
      key={JSON.stringify(contact ?? null)}
      aria-busy={!contact}
      aria-label="Where you are notified"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const v = (k: string) => String(f.get(k) ?? "").trim() || undefined;
        test.reset();
        save.mutate({
          slack_webhook_url: v("slack_webhook_url"),
          webhook_url: v("webhook_url"),
          email: v("email"),
          sms_webhook_url: v("sms_webhook_url"),
        });
      }}
    >
      <p className="text-xs text-muted">By severity — {channels}. You are emailed only at the address you set here.</p>
      <div className="grid gap-2 sm:grid-cols-2">
        {FIELDS.map((f) => (
          <label key={f.name} className={fieldLabel}>
            {f.label}
            <input
              name={f.name}
              type={f.type}
              defaultValue={contact?.[f.name]}
              disabled={!contact}
              placeholder={f.placeholder}
              autoComplete={f.type === "email" ? "email" : "off"}
              className={`${control} mt-0.5 block w-full`}
            />
          </label>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="secondary" disabled={!contact || save.isPending}>
          Save
        </Button>
        <Button
          type="button"
          variant="ghost"
          disabled={!contact || test.isPending}
          onClick={() => {
            save.reset();
            test.mutate();
          }}
        >
          {test.isPending ? "Sending…" : "Send a test"}
        </Button>
        {save.isSuccess && (
          <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
            Saved.
          </span>
        )}
      </div>
      {results && (
        <div role="status">
          <ul aria-label="Test results" className="space-y-1 text-sm">
            {results.length === 0 && <li className="text-muted">Nothing to test: save a channel first.</li>}
            {results.map((r) => (
              <li key={r.channel}>
                <span className="font-medium">{LABEL[r.channel]}:</span>{" "}
                {r.ok ? (
                  <span className="text-emerald-700 dark:text-emerald-400">delivered ({r.detail})</span>
                ) : (
                  <span className="text-red-700 dark:text-red-400">failed — {r.detail}</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
    </form>
  );
}
