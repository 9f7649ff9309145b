// The one IPC channel that is not a contract call: main → renderer pushes travel on it as `(event: PushName, payload)`.
export const PUSH_IPC_CHANNEL = 'bridge:push';
