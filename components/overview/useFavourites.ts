"use client";

import { useCallback, useSyncExternalStore } from "react";

/* Favourite services, kept in this browser (localStorage) and shared by its open tabs. */

const KEY = "stageboard:favourite-services";
const EMPTY: ReadonlySet<string> = new Set();
// Checked by hand: zod would add its weight to the overview's bundle for one array of strings.
const isNames = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string");

let cachedRaw: string | null = null;
let cachedSet: ReadonlySet<string> = EMPTY;

function read(): ReadonlySet<string> {
  const raw = window.localStorage.getItem(KEY);
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    let parsed: unknown = [];
    try {
      parsed = JSON.parse(raw ?? "[]");
    } catch {
      // Something else wrote the key: start again rather than fail the page.
    }
    cachedSet = new Set(isNames(parsed) ? parsed : []);
  }
  return cachedSet;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

export function useFavourites(): { favourites: ReadonlySet<string>; toggle(name: string): void } {
  // The server renders without favourites; the browser's show once it hydrates.
  const favourites = useSyncExternalStore(subscribe, read, () => EMPTY);
  const toggle = useCallback((name: string) => {
    const next = new Set(read());
    if (next.has(name)) next.delete(name);
    else next.add(name);
    window.localStorage.setItem(KEY, JSON.stringify([...next].sort()));
    for (const listener of listeners) listener();
  }, []);
  return { favourites, toggle };
}
