// Watched topics: saved searches whose matches make up "For you".
import { api } from '../api';
import type { ApiError, Topic } from '../api';

class TopicsStore {
  list = $state<Topic[]>([]);
  /** Papers new on any topic (For you's badge). */
  newCount = $state(0);
  loaded = $state(false);
  error = $state<ApiError | null>(null);
  #seq = 0;

  /** load refreshes the topics and the For you badge. */
  async load(): Promise<void> {
    const n = ++this.#seq;
    try {
      const [list, fy] = await Promise.all([api.topics(), api.forYou()]);
      if (n !== this.#seq) return;
      this.list = list;
      this.newCount = fy.newCount;
      this.error = null;
    } catch (e) {
      if (n !== this.#seq) return;
      this.error = e as ApiError;
    } finally {
      if (n === this.#seq) this.loaded = true;
    }
  }

  /** watching finds a topic with this query (same words, any case or spacing). */
  watching(query: string): Topic | undefined {
    const q = norm(query);
    return this.list.find((t) => norm(t.query) === q);
  }

  /** create watches a query; name defaults to the query. */
  async create(name: string, query: string): Promise<Topic> {
    const t = await api.createTopic(name.trim() || query.trim(), query.trim());
    await this.load();
    return t;
  }

  async update(id: string, name: string, query: string): Promise<Topic> {
    const t = await api.updateTopic(id, name.trim() || query.trim(), query.trim());
    await this.load();
    return t;
  }

  async remove(id: string): Promise<void> {
    await api.deleteTopic(id);
    await this.load();
  }

  /** markSeen clears the new marks of one topic, or of all with "". */
  async markSeen(id = ''): Promise<void> {
    await api.markSeen(id);
    await this.load();
  }
}

function norm(q: string): string {
  return q.trim().replace(/\s+/g, ' ').toLowerCase();
}

export const topics = new TopicsStore();
