import os from 'os';
import { withMembers } from '../src/domain/governance';
import { personKey } from '../src/domain/identity';
import { Sitting } from '../src/domain/meetings/sitting';
import { DEMO_TENANT, TestUser, USERS, cardAction } from '../test/support/activities';
import { startHarness, textOf } from '../test/support/bot-harness';
import { startBareApp } from './bare-app';

/**
 * 500 members answering one convocation at the same moment, through the real server (restify,
 * teams-ai, our routes, the embedded Cosmos server through the real SDK): 450 answer present
 * or absent, 100 of them change their answer right after (present → à distance), and 50 give a
 * proxy, two to each of 25 holders who may carry one. Prints one JSON line: `failed` (an answer
 * that got an error rather than its card), `lost` (a member whose stored answer is neither the
 * last one the bot accepted nor one they asked for after it — a write whose answer timed out may
 * still have landed), `proxy_violations` (a holder over the limit, or absent with a proxy),
 * `refused_proxies` (the second proxy to a holder, refused in French as it must be), and the
 * latency of the answers (`p50_ms`, `p99_ms`), from the POST to the HTTP answer.
 *
 * In the same run, for scale: the same burst (as many simultaneous requests, the same
 * activities) at the bare teams-ai app of bench/roundtrip.ts (`floor_p50_ms`, `floor_p99_ms`,
 * `ratio_p99` = ours / floor), what the framework alone costs on this machine; then the same
 * answers to a second sitting, spread evenly over BENCH_ANSWERS_SPREAD_S seconds (members
 * opening Teams over a minute; default 60, 0 skips it): `paced_p50_ms`, `paced_p99_ms`.
 */
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 500);
const CHANGES = 100;
const PROXIES = 50;
const SPREAD_S = Number(process.env.BENCH_ANSWERS_SPREAD_S ?? 60);
const CENTRALE = 'metropole-de-lyon';
const INSTANCE = 'copil-reseau';
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100;
};

async function main() {
  const h = await startHarness({ LOG_LEVEL: 'error' });
  const url = h.connector.url;
  const bare = await startBareApp();
  try {
    const users: TestUser[] = Array.from({ length: MEMBERS }, (_, i) => ({
      id: `29:bench-${i}`,
      name: `Membre ${i}`,
      aadObjectId: `bench-${String(i).padStart(4, '0')}-0000-4000-8000-000000000000`,
    }));
    const keyOf = (u: TestUser) => personKey(DEMO_TENANT, u.aadObjectId);
    for (let i = 0; i < users.length; i += 50)
      await Promise.all(
        users.slice(i, i + 50).map((u) =>
          h.bot.store.governance.upsertPerson({
            key: keyOf(u),
            centraleId: CENTRALE,
            tenantId: DEMO_TENANT,
            aadObjectId: u.aadObjectId,
            teamsUserId: u.id,
            displayName: u.name,
            email: null,
            roles: ['elu'],
            memberId: null,
          }),
        ),
      );
    await h.bot.store.governance.updateInstance(CENTRALE, INSTANCE, (i) =>
      withMembers(
        i,
        [...i.members.map((m) => m.personKey), ...users.map(keyOf)],
        i.members.filter((m) => m.organiser).map((m) => m.personKey),
      ),
    );
    const convene = async (days: number) => {
      const convened = await h.post(
        cardAction(url, USERS.claire, 'meeting.create', {
          instanceId: INSTANCE,
          date: day(days),
          time: '09:30',
          mode: 'presentiel',
          place: 'Salle du conseil',
          agenda: 'Programmation 2027',
          proxiesAllowed: 'true',
          remoteAllowed: 'true',
        }),
      );
      const id = JSON.stringify(convened.body.value).match(/"sittingId":"([^"]+)"/)?.[1];
      if (!id) throw new Error(`no sitting: ${textOf(convened.body.value)}`);
      return (await h.bot.store.meetings.get(id))!;
    };
    const answering = users.slice(0, MEMBERS - PROXIES);
    const givers = users.slice(MEMBERS - PROXIES);
    const holders = answering.slice(0, PROXIES / 2);
    /** The whole set of answers to one sitting, each member starting at `startAt(i)` ms (all at once: 0). */
    const answerAll = async (sittingId: string, startAt: (i: number) => number, post = h.post) => {
      const latencies: number[] = [];
      const seen = new Map<string, number>();
      let failed = 0;
      let refusedProxies = 0;
      /** The last answer the bot accepted from each member. */
      const accepted = new Map<string, { choice: string; holder: string | null }>();
      /** What each member asked for after their last accepted answer (a timed-out write may still land). */
      const tried = new Map<string, Array<{ choice: string; holder: string | null }>>();
      const answer = async (u: TestUser, choice: string, holder: string | null = null) => {
        tried.set(keyOf(u), [...(tried.get(keyOf(u)) ?? []), { choice, holder }]);
        const t = performance.now();
        const res = await post(
          cardAction(url, u, 'meeting.answer', { sittingId, choice, ...(holder ? { proxyHolderKey: holder } : {}) }),
        );
        latencies.push(performance.now() - t);
        const value = res.body?.value;
        // A card, or a message alone when the action failed (« L’action n’a pas pu aboutir… »).
        const text = res.status !== 200 ? `HTTP ${res.status}` : typeof value === 'string' ? value : textOf(value);
        if (process.env.BENCH_DEBUG) {
          const gist =
            text
              .split('\n')
              .filter((l) => /Votre réponse|porte|problème|impossible|HTTP/.test(l))
              .join(' | ') || `(autre) ${JSON.stringify(res.body).slice(0, 300)}`;
          seen.set(gist, (seen.get(gist) ?? 0) + 1);
        }
        if (/porte déjà/.test(text)) {
          refusedProxies++;
          return;
        }
        if (res.status !== 200 || /Un problème est survenu|pas pu aboutir|indisponible|Action impossible/i.test(text)) {
          failed++;
          return;
        }
        accepted.set(keyOf(u), { choice, holder });
        tried.set(keyOf(u), []);
      };
      const started = performance.now();
      const wait = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
      await Promise.all([
        ...answering.map(async (u, i) => {
          await wait(startAt(i));
          // The holders attend (a proxy to an absent member is refused, rightly, and is not measured here).
          await answer(u, i >= PROXIES / 2 && i % 9 === 8 ? 'absent' : 'present');
          if (i < CHANGES) await answer(u, 'distance');
        }),
        ...givers.map(async (u, i) => {
          await wait(startAt(answering.length + i));
          await answer(u, 'pouvoir', keyOf(holders[i % holders.length]!));
        }),
      ]);
      const elapsed = performance.now() - started;
      if (process.env.BENCH_DEBUG) {
        console.error(Object.fromEntries(seen));
        console.error([...new Set(h.errors.map((e) => e.slice(0, 400)))].slice(0, 5));
      }
      return { latencies, failed, refusedProxies, accepted, tried, elapsed };
    };

    /** `lost` and `proxy_violations` of one sitting, from what the bot accepted and what was asked after. */
    const verify = async (sitting: Sitting, run: Awaited<ReturnType<typeof answerAll>>) => {
      const { accepted, tried } = run;
      const stored = new Map((await h.bot.store.meetings.answersOf(sitting.id)).map((a) => [a.personKey, a]));
      let lost = 0;
      const matches = (
        a: { choice: string; proxyHolderKey: string | null } | undefined,
        w: { choice: string; holder: string | null },
      ) => !!a && a.choice === w.choice && (!w.holder || a.proxyHolderKey === w.holder);
      for (const [key, last] of accepted) {
        const a = stored.get(key);
        // Lost: what is stored is neither the last answer accepted nor one asked for after it.
        if (!matches(a, last) && !(tried.get(key) ?? []).some((w) => matches(a, w))) {
          lost++;
          if (process.env.BENCH_DEBUG) console.error('lost', key, last, a);
        }
      }
      let proxyViolations = 0;
      for (const holder of new Set([...stored.values()].map((a) => a.proxyHolderKey).filter(Boolean))) {
        const held = [...stored.values()].filter((a) => a.choice === 'pouvoir' && a.proxyHolderKey === holder).length;
        const h0 = stored.get(holder!);
        if (held > sitting.maxProxiesPerHolder) proxyViolations++;
        if (h0 && h0.choice !== 'present' && h0.choice !== 'distance') proxyViolations++;
      }
      return { lost, proxyViolations };
    };

    const sitting = await convene(10);
    const burst = await answerAll(sitting.id, () => 0);
    const { lost, proxyViolations } = await verify(sitting, burst);
    const { latencies, failed, refusedProxies, elapsed } = burst;
    // The floor: the same requests, as many at once, at a bare teams-ai app (no storage, no logic).
    const bareUrl = `http://127.0.0.1:${bare.port}`;
    const postBare = async (activity: unknown) => {
      const res = await fetch(`${bareUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    };
    const floor = await answerAll(sitting.id, () => 0, postBare);
    // Paced: members opening Teams over SPREAD_S seconds, one every SPREAD_S / 550 s, each with
    // the same answers; the holders of proxies first, as in the burst (a proxy to a member who
    // has not said they attend is refused).
    const count = answering.length + givers.length;
    const errorsBefore = h.errors.length;
    const pacedSitting = SPREAD_S > 0 ? await convene(11) : null;
    const paced = pacedSitting ? await answerAll(pacedSitting.id, (i) => i * ((SPREAD_S * 1_000) / count)) : null;
    const pacedCheck = pacedSitting && paced ? await verify(pacedSitting, paced) : null;
    console.log(
      JSON.stringify({
        bench: 'answers',
        date: new Date().toISOString(),
        machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
        members: MEMBERS,
        requests: latencies.length,
        failed,
        lost,
        proxy_violations: proxyViolations,
        refused_proxies: refusedProxies,
        max_proxies_per_holder: sitting.maxProxiesPerHolder,
        errors_logged: errorsBefore,
        p50_ms: pct(latencies, 50),
        p99_ms: pct(latencies, 99),
        elapsed_s: Math.round(elapsed / 10) / 100,
        floor_p50_ms: pct(floor.latencies, 50),
        floor_p99_ms: pct(floor.latencies, 99),
        ratio_p99: Math.round((pct(latencies, 99) / pct(floor.latencies, 99)) * 10) / 10,
        ...(paced && pacedCheck
          ? {
              spread_s: SPREAD_S,
              paced_p50_ms: pct(paced.latencies, 50),
              paced_p99_ms: pct(paced.latencies, 99),
              paced_failed: paced.failed,
              // Unexpected errors the bot logged meanwhile (a failed answer that is not a refusal).
              paced_errors_logged: h.errors.length - errorsBefore,
              paced_lost: pacedCheck.lost,
              paced_proxy_violations: pacedCheck.proxyViolations,
            }
          : {}),
      }),
    );
  } finally {
    await bare.stop();
    await h.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
