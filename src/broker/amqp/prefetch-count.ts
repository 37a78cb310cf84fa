/**
 * What amqplib does with `channel.prefetch(count)` before anything reaches the server, so a
 * reader's `prefetch(-1)` fails here as it fails against a real RabbitMQ. basic.qos carries the
 * count as an unsigned 16-bit "short": amqplib substitutes 0 for any falsy count (`count || 0`:
 * undefined, null, NaN → 0, meaning unlimited), refuses a non-number with a TypeError, and
 * Node's `Buffer.writeUInt16BE` refuses anything outside 0…65535 (negatives, Infinity, 65536)
 * with a RangeError `ERR_OUT_OF_RANGE`; a fraction inside the range is cut to an integer. The
 * promise rejects with that error; RabbitMQ itself never sees the call.
 */
export function prefetchCount(count: unknown): number | Error {
  const value = count || 0;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    return new TypeError("Field 'prefetchCount' is the wrong type; must be a number (but not NaN)");
  }
  if (value < 0 || value > 0xffff) {
    return Object.assign(
      new RangeError(
        `The value of "value" is out of range. It must be >= 0 and <= 65535. Received ${received(value)}`,
      ),
      { code: 'ERR_OUT_OF_RANGE' },
    );
  }
  return Math.trunc(value);
}

/** Node prints large integers in range errors with `_` separators (1_099_511_627_776). */
function received(value: number): string {
  const text = String(value);
  if (!Number.isInteger(value) || Math.abs(value) <= 2 ** 32) return text;
  const start = text.startsWith('-') ? 1 : 0;
  let grouped = '';
  let end = text.length;
  for (; end >= start + 4; end -= 3) grouped = `_${text.slice(end - 3, end)}${grouped}`;
  return `${text.slice(0, end)}${grouped}`;
}
