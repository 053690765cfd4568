import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, statSync } from 'fs';
import os from 'os';
import path from 'path';
import { openStore } from '../src/store/open-store';
import { writeSeedSnapshot } from './seed-years';

/**
 * The local-mode snapshot at scale: BENCH_YEARS (20 by default) years of a large centrale
 * (bench/seed-years.ts) written as a snapshot file, then an embedded store opened on it as the
 * bot opens it (server start, containers, restore), one change, and its shutdown (which writes
 * the snapshot whole again). Prints one JSON line: `docs`, `snapshot_bytes`, `restore_ms` (open
 * until ready), `query_ms` (a query in one partition, then a cross-partition one, just after),
 * `close_ms` (the final snapshot write) and whether the file holds the change after it. The
 * file is seeded in this process; the store is opened in a fresh one, as the bot starts.
 */
const YEARS = Number(process.env.BENCH_YEARS ?? 20);

/** Seeds the file here, then measures in a fresh process, as the bot starts (no seeding heap). */
async function main() {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-restore-')), 'cosmos-snapshot.json');
  const seeded = await writeSeedSnapshot(file, { years: YEARS });
  const child = spawnSync(process.execPath, [__filename, '--measure', file], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`measure failed (${child.status}): ${child.stderr}`);
  const measured = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  console.log(JSON.stringify({ years: YEARS, docs: seeded.docs, seed_ms: seeded.ms, ...measured }));
}

async function measure(file: string) {
  const bytes = statSync(file).size;
  const centraleId = 'metropole-de-lyon';

  const t0 = Date.now();
  const store = await openStore({ kind: 'embedded', databaseId: 'centrale-gouvernance', snapshotFile: file });
  const restore_ms = Date.now() - t0;

  const t1 = Date.now();
  const ballot = await store.ballots.votes(`scrutin-${new Date().getUTCFullYear() - 1}-001`);
  const partition_query_ms = Date.now() - t1;
  const t2 = Date.now();
  const disputes = await store.disputes.listByCentrale(centraleId);
  const cross_query_ms = Date.now() - t2;

  // One change after the restore (a delivering instance's heartbeat): the shutdown must keep it.
  const beat = Date.now();
  await store.outbox.heartbeat('bench-restore', beat, 1);
  const t3 = Date.now();
  await store.close();
  const close_ms = Date.now() - t3;

  const again = await openStore({ kind: 'embedded', databaseId: 'centrale-gouvernance', snapshotFile: file });
  const { resource } = await again.cosmos
    .container('directory')
    .item('instance:bench-restore', 'instances')
    .read<{ data?: { lastSeen?: number } }>();
  const kept = resource?.data?.lastSeen === beat;
  await again.close();

  console.log(
    JSON.stringify({
      snapshot_bytes: bytes,
      restore_ms,
      partition_query_ms,
      votes_read: ballot.length,
      cross_query_ms,
      disputes_read: disputes.length,
      close_ms,
      closed_file_bytes: statSync(file).size,
      journal_left: existsSync(`${file}.journal`),
      change_kept: kept,
    }),
  );
}

void (process.argv[2] === '--measure' ? measure(process.argv[3]!) : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
