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
  if (!q.data) return null;
  const error = save.error instanceof ClientApiError ? save.error : null;
  return (
    <form
      key={JSON.stringify(q.data.contact)}
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
          defaultValue={q.data.contact.webhook_url}
          placeholder="https://pager.example/hooks/you"
          className={`${control} mt-0.5 block w-full`}
        />
      </label>
      <label className="min-w-56 flex-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Slack incoming webhook
        <input
          name="slack_webhook_url"
          type="url"
          defaultValue={q.data.contact.slack_webhook_url}
          placeholder="https://hooks.slack.com/services/…"
          className={`${control} mt-0.5 block w-full`}
        />
      </label>
      <Button type="submit" variant="secondary" disabled={save.isPending}>
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
