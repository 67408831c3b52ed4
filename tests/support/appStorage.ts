/**
 * What the app keeps in a page's IndexedDB, read from the page the way a test needs it. Reading
 * never creates the database: a probe must not change what the app is about to open.
 */
import type { Page } from 'playwright-core';

type StoreName = 'installs' | 'chunks' | 'scores' | 'meta';

/** Runs in the page: one read of one store ('count', every record, or a SHA-256 of the records). */
function readInPage({ store, read }: { store: StoreName; read: 'count' | 'all' | 'digest' }) {
  return new Promise<unknown>((done) => {
    const open = indexedDB.open('retem');
    open.onupgradeneeded = () => {
      open.transaction?.abort();
    };
    open.onerror = () => {
      done(read === 'count' ? 0 : read === 'all' ? [] : '');
    };
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(store)) {
        db.close();
        done(read === 'count' ? 0 : read === 'all' ? [] : '');
        return;
      }
      const objects = db.transaction(store).objectStore(store);
      const request = read === 'count' ? objects.count() : objects.getAll();
      request.onsuccess = () => {
        db.close();
        if (read !== 'digest') {
          done(request.result);
          return;
        }
        // Every typed array of every record, and every other field as text, in key order.
        const parts: Uint8Array[] = [];
        for (const record of request.result as Record<string, unknown>[]) {
          for (const key of Object.keys(record).sort()) {
            const value = record[key];
            if (ArrayBuffer.isView(value))
              parts.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
            else parts.push(new TextEncoder().encode(`${key}=${JSON.stringify(value)};`));
          }
        }
        const bytes = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
        let offset = 0;
        for (const part of parts) {
          bytes.set(part, offset);
          offset += part.length;
        }
        void crypto.subtle.digest('SHA-256', bytes).then((digest) => {
          done(Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join(''));
        });
      };
    };
  });
}

/** How many records a store holds (0 when the database does not exist yet). */
export async function storedCount(page: Page, store: StoreName): Promise<number> {
  return (await page.evaluate(readInPage, { store, read: 'count' as const })) as number;
}

/** The install records: what is installed, complete or not, and how far. */
export async function storedInstalls(
  page: Page,
): Promise<{ id: string; state: string; committed?: number; resumedFrom?: number }[]> {
  return (await page.evaluate(readInPage, {
    store: 'installs' as const,
    read: 'all' as const,
  })) as never;
}

/** SHA-256 (hex) of every stored snapshot chunk: the stored portfolio's fingerprint. */
export async function storedPortfolioDigest(page: Page): Promise<string> {
  return (await page.evaluate(readInPage, {
    store: 'chunks' as const,
    read: 'digest' as const,
  })) as string;
}
