"use client";

// An incident's follow-up work: tick done, add with an owner.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { followUpsQuery, useIncidentMutations } from "@/lib/client/queries/incidents";
import { Button } from "@/components/ui/button";
import { ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { PersonSelect } from "./person-select";
import type { People } from "./people";
import { control } from "@/components/ui/control";

export function FollowUps({ id, people, canWrite }: { id: string; people: People; canWrite: boolean }) {
  const f = useQuery(followUpsQuery(id));
  const m = useIncidentMutations(id);
  const [title, setTitle] = useState("");
  const [owner, setOwner] = useState("");
  return (
    <Panel className="p-4 text-sm">
      <h2 className="font-medium">Follow-ups</h2>
      {f.isPending ? (
        <Skeleton rows={2} />
      ) : f.isError ? (
        <ErrorNotice message={f.error.message} />
      ) : f.data.follow_ups.length === 0 ? (
        <p className="mt-1 text-muted">None yet.</p>
      ) : (
        <ul className="mt-2 space-y-1">
          {f.data.follow_ups.map((x) => (
            <li key={x.id} className="flex items-start gap-2">
              <label className="tap -mt-3 shrink-0 px-1 sm:mt-0 sm:px-0">
                <input
                  type="checkbox"
                  aria-label={`done: ${x.title}`}
                  disabled={!canWrite}
                  checked={x.status === "done"}
                  onChange={(e) => m.setFollowUp.mutate({ id: x.id, status: e.target.checked ? "done" : "open" })}
                />
              </label>
              <span className={x.status === "done" ? "text-muted line-through" : ""}>
                {x.title}
                <span className="block text-xs text-muted">
                  {x.owner_id ? (people[x.owner_id] ?? x.owner_id) : "no owner"}
                  {x.due ? ` · due ${x.due}` : ""}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form
          className="mt-3 flex flex-col gap-2"
          aria-label="Add follow-up"
          onSubmit={(e) => {
            e.preventDefault();
            m.addFollowUp.mutate({ title, owner_id: owner || null }, { onSuccess: () => setTitle("") });
          }}
        >
          <input
            className={control}
            placeholder="Follow-up work"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            minLength={3}
            required
          />
          <div className="flex gap-2">
            <PersonSelect
              label="Owner"
              className="flex-1"
              value={owner}
              people={people}
              onChange={setOwner}
              empty="no owner"
            />
            <Button type="submit" variant="secondary">
              Add
            </Button>
          </div>
        </form>
      )}
    </Panel>
  );
}
