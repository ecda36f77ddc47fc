"use client";

// Where the signed-in person is paged: their own webhook and Slack incoming webhook.
import { useQuery } from "@tanstack/react-query";
import { contactQuery, useSaveContact } from "@/lib/client/queries/oncall";
import { ClientApiError } from "@/lib/client/api";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";

/** Where the signed-in person is paged when a step of an escalation reaches them. */
export function ContactForm() {
  const q = useQuery(contactQuery());
  const save = useSaveContact();
  // The form stands while the contact loads (disabled, empty), so nothing below it moves when it arrives.
  const contact = q.data?.contact;
  const error = save.error instanceof ClientApiError ? save.error : null;
  return (
    <form
      key={JSON.stringify(contact ?? null)}
      aria-busy={!contact}
      aria-label="Where you are paged"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const v = (k: string) => String(f.get(k) ?? "").trim() || undefined;
        save.mutate({ webhook_url: v("webhook_url"), slack_webhook_url: v("slack_webhook_url") });
      }}
    >
      <label className="min-w-56 flex-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Webhook (JSON)
        <input
          name="webhook_url"
          type="url"
          defaultValue={contact?.webhook_url}
          disabled={!contact}
          placeholder="https://pager.example/hooks/you"
          className={`${control} mt-0.5 block w-full`}
        />
      </label>
      <label className="min-w-56 flex-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Slack incoming webhook
        <input
          name="slack_webhook_url"
          type="url"
          defaultValue={contact?.slack_webhook_url}
          disabled={!contact}
          placeholder="https://hooks.slack.com/services/…"
          className={`${control} mt-0.5 block w-full`}
        />
      </label>
      <Button type="submit" variant="secondary" disabled={!contact || save.isPending}>
        Save
      </Button>
      {save.isSuccess && (
        <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
          Saved.
        </span>
      )}
      {error && (
        <p role="alert" className="basis-full text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
    </form>
  );
}
