// Tests run server code outside React's server build, where `server-only` would throw.
export {};
