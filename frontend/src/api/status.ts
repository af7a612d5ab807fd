import type { SyncStatus } from './types.gen';

/** IDLE_STATUS is the sync status before anything is known: no sync, online. */
export const IDLE_STATUS: SyncStatus = {
  running: false,
  kind: '',
  scope: '',
  done: 0,
  total: 0,
  papers: 0,
  date: '',
  startedAt: '',
  etaSeconds: -1,
  message: '',
  waiting: null,
  lastSynced: '',
  lastResult: '',
  online: true,
  error: null,
};
