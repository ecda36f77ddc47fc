"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { SCOPE_DESCRIPTIONS } from "@/lib/auth/permissions";
import { tokensQuery, useCreateToken, useRevokeToken } from "@/lib/client/queries/tokens";
import { ClientApiError, fieldErrors } from "@/lib/client/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";
import { EmptyState, ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { Time } from "@/components/ui/time";
import { Cell, HeadCell, Row, Table, THead } from "@/components/ui/table";
import type { ApiToken } from "@/lib/auth/contract";
import { type Scope } from "@/lib/vocabulary";

interface OrgChoice {
  id: string;
  name: string;
  scopes: Scope[];
}

const field = `mt-1 block w-full ${control}`;

function tokenState(t: ApiToken): { label: string; tone: "good" | "bad" | "neutral" } {
  if (t.revoked_at) return { label: "revoked", tone: "neutral" };
  if (t.expires_at && new Date(t.expires_at) <= new Date()) return { label: "expired", tone: "bad" };
  return { label: "active", tone: "good" };
}

export function TokensView({ platformScopes, orgs }: { platformScopes: Scope[]; orgs: OrgChoice[] }) {
  const tokens = useQuery(tokensQuery());
  const [created, setCreated] = useState<(ApiToken & { secret: string }) | null>(null);
  return (
    <div className="space-y-6">
      {created && <SecretOnce token={created} onDone={() => setCreated(null)} />}
      <CreateTokenForm platformScopes={platformScopes} orgs={orgs} onCreated={setCreated} />
      <Panel>
        <div className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 className="font-medium">Your tokens</h2>
        </div>
        {tokens.isPending ? (
          <Skeleton rows={3} />
        ) : tokens.isError ? (
          <div className="p-4">
            <ErrorNotice message={tokens.error.message} />
          </div>
        ) : tokens.data.tokens.length === 0 ? (
          <EmptyState title="No tokens yet">Create one above to call the API from a script or pipeline.</EmptyState>
        ) : (
          <TokenTable tokens={tokens.data.tokens} />
        )}
      </Panel>
    </div>
  );
}

function TokenTable({ tokens }: { tokens: ApiToken[] }) {
  const revoke = useRevokeToken();
  return (
    <div className="overflow-x-auto">
      <Table density="roomy" ruled>
        <THead>
          <HeadCell>Name</HeadCell>
          <HeadCell>Scopes</HeadCell>
          <HeadCell>Org</HeadCell>
          <HeadCell>Created</HeadCell>
          <HeadCell>Expires</HeadCell>
          <HeadCell>Last used</HeadCell>
          <HeadCell>State</HeadCell>
          <HeadCell />
        </THead>
        <tbody>
          {tokens.map((t) => {
            const state = tokenState(t);
            return (
              <Row key={t.id} data-testid={`token-row-${t.name}`}>
                <Cell className="max-w-56">
                  <p className="truncate font-medium" title={t.name}>
                    {t.name}
                  </p>
                  <p className="font-mono text-xs text-muted">{t.prefix}…</p>
                </Cell>
                <Cell>
                  <div className="flex max-w-72 flex-wrap gap-1">
                    {t.scopes.map((s) => (
                      <Badge key={s}>{s}</Badge>
                    ))}
                  </div>
                </Cell>
                <Cell>{t.org_id ?? <span className="text-muted">platform</span>}</Cell>
                <Cell>
                  <Time iso={t.created_at} compact />
                </Cell>
                <Cell>
                  <Time iso={t.expires_at} fallback="never" compact />
                </Cell>
                <Cell>
                  <Time iso={t.last_used_at} fallback="never" compact />
                </Cell>
                <Cell>
                  <Badge tone={state.tone}>{state.label}</Badge>
                </Cell>
                <Cell className="text-right">
                  {!t.revoked_at && (
                    <Button
                      variant="ghost"
                      className="text-red-600 dark:text-red-400"
                      disabled={revoke.isPending}
                      onClick={() => {
                        if (confirm(`Revoke "${t.name}"? Anything using it stops working at once.`))
                          revoke.mutate(t.id);
                      }}
                    >
                      Revoke
                    </Button>
                  )}
                </Cell>
              </Row>
            );
          })}
        </tbody>
      </Table>
      {revoke.isError && (
        <div className="p-4">
          <ErrorNotice message={revoke.error.message} />
        </div>
      )}
    </div>
  );
}

function CreateTokenForm({
  platformScopes,
  orgs,
  onCreated,
}: {
  platformScopes: Scope[];
  orgs: OrgChoice[];
  onCreated: (t: ApiToken & { secret: string }) => void;
}) {
  const create = useCreateToken();
  const defaultOrg = platformScopes.length === 0 && orgs[0] ? orgs[0].id : "";
  const [name, setName] = useState("");
  const [org, setOrg] = useState(defaultOrg);
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [days, setDays] = useState("90");
  const available = org ? (orgs.find((o) => o.id === org)?.scopes ?? []) : platformScopes;
  const fieldError = (f: string) =>
    create.error instanceof ClientApiError
      ? (fieldErrors(create.error.details).find((x) => x.field === `body.${f}` || x.field.startsWith(`body.${f}.`))
          ?.message ?? null)
      : null;

  return (
    <Panel className="p-4">
      <h2 className="font-medium">Create a token</h2>
      <form
        className="mt-3 grid gap-4 md:grid-cols-[2fr_1fr_1fr]"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { name, scopes, org_id: org || null, expires_in_days: days ? Number(days) : null },
            {
              onSuccess: (res) => {
                onCreated(res.token);
                setName("");
                setScopes([]);
              },
            },
          );
        }}
      >
        <label className="block text-sm font-medium">
          Name
          <input
            className={field}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="deploy-pipeline"
            maxLength={100}
            required
          />
          {fieldError("name") && <span className="text-xs text-red-700 dark:text-red-400">{fieldError("name")}</span>}
        </label>
        <label className="block text-sm font-medium">
          Applies to
          <select
            className={field}
            value={org}
            onChange={(e) => {
              setOrg(e.target.value);
              setScopes([]);
            }}
          >
            {platformScopes.length > 0 && <option value="">Platform (no org)</option>}
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({o.id})
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium">
          Expires
          <select className={field} value={days} onChange={(e) => setDays(e.target.value)}>
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in 1 year</option>
            <option value="">never</option>
          </select>
        </label>
        <fieldset className="md:col-span-3">
          <legend className="text-sm font-medium">Scopes</legend>
          {available.length === 0 ? (
            <p className="mt-1 text-sm text-muted">You hold no scopes here.</p>
          ) : (
            <div className="mt-1 grid gap-1 sm:grid-cols-2 lg:grid-cols-3">
              {available.map((s) => (
                <label
                  key={s}
                  className="flex min-h-11 items-start gap-2 rounded px-1 py-1 text-sm hover:bg-zinc-50 sm:min-h-0 dark:hover:bg-zinc-800"
                >
                  <input
                    type="checkbox"
                    className="mt-0.5"
                    checked={scopes.includes(s)}
                    onChange={(e) => setScopes((cur) => (e.target.checked ? [...cur, s] : cur.filter((x) => x !== s)))}
                  />
                  <span>
                    <span className="font-mono text-xs">{s}</span>
                    <span className="block text-xs text-muted">{SCOPE_DESCRIPTIONS[s]}</span>
                  </span>
                </label>
              ))}
            </div>
          )}
          {fieldError("scopes") && (
            <span className="text-xs text-red-700 dark:text-red-400">{fieldError("scopes")}</span>
          )}
        </fieldset>
        <div className="flex items-center gap-3 md:col-span-3">
          <Button type="submit" disabled={create.isPending || !name.trim() || scopes.length === 0}>
            {create.isPending ? "Creating…" : "Create token"}
          </Button>
          {create.isError && !fieldError("name") && !fieldError("scopes") && (
            <span className="text-sm text-red-700 dark:text-red-400">{create.error.message}</span>
          )}
        </div>
      </form>
    </Panel>
  );
}

function SecretOnce({ token, onDone }: { token: ApiToken & { secret: string }; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div
      role="status"
      className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-900 dark:bg-emerald-950"
    >
      <p className="font-medium">Token “{token.name}” created. Copy it now: it will not be shown again.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code
          data-testid="token-secret"
          className="min-w-0 flex-1 rounded border border-emerald-200 bg-white px-2 py-1.5 font-mono text-sm break-all dark:border-emerald-900 dark:bg-zinc-900"
        >
          {token.secret}
        </code>
        <Button
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(token.secret);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
      <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
        Use it as <code className="font-mono">Authorization: Bearer {token.prefix}…</code>
      </p>
    </div>
  );
}
