/** JSON lines on stdout (info) and stderr (errors), filtered by LOG_LEVEL. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: 'debug' | 'info' | 'error' | 'silent'): Logger {
  const write = (stream: NodeJS.WriteStream, lvl: string, msg: string, fields?: Record<string, unknown>) =>
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields })}\n`);
  return {
    info: (msg, fields) => {
      if (level === 'debug' || level === 'info') write(process.stdout, 'info', msg, fields);
    },
    error: (msg, fields) => {
      if (level !== 'silent') write(process.stderr, 'error', msg, fields);
    },
  };
}
