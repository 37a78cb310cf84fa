/** An error reply from the server, like ioredis's `ReplyError` (same name, same messages). */
export class ReplyError extends Error {
  override readonly name = 'ReplyError';
  constructor(message: string) {
    super(message);
  }
}
