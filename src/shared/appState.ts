/**
 * The app's state: one zustand store of typed slices. Shared code knows the state only as this
 * interface; each feature extends it with its own slice (declaration merging, in the feature's
 * slice.ts), and src/app/store.ts composes the store from the slices. So nothing here imports a
 * feature.
 */
import type { StateCreator, StoreApi, UseBoundStore } from 'zustand';
import type { UiSlice } from './uiSlice';

/** Every slice's fields and actions, as the features declare them. */
export interface AppState extends UiSlice {}

export type AppStore = UseBoundStore<StoreApi<AppState>>;

/** A slice of the store: its initial fields and its actions, over the whole state. */
export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
