// Preloaded (node -r) into the Agents Playground: it listens on every interface by default;
// this keeps every server it starts on 127.0.0.1.
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number') {
    const cb = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
    return listen.call(this, args[0], '127.0.0.1', cb);
  }
  if (args[0] && typeof args[0] === 'object' && 'port' in args[0]) args[0] = { ...args[0], host: '127.0.0.1' };
  return listen.apply(this, args);
};
