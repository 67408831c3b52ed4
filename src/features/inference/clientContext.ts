/** The inference client, handed down through React context (the app shell provides it). */
import { createContext, useContext } from 'react';
import type { InferenceClient } from './client';

export const ClientContext = createContext<InferenceClient | null>(null);

/** The app's inference client; null outside <ClientContext> (tests of a panel alone). */
export function useClient(): InferenceClient | null {
  return useContext(ClientContext);
}
