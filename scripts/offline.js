// Preloaded (node -r) into Microsoft's `atk` CLI when it validates the manifest: atk starts an
// experimentation client and Application Insights even with `--telemetry false`, which look up
// their hosts. This makes every name lookup and connection to anything but loopback fail at
// once, inside the process, so nothing leaves the machine and nothing waits on a time-out.
const dns = require('dns');
const net = require('net');

const LOOPBACK = /^(localhost|127(\.\d+){3}|::1|::ffff:127(\.\d+){3})$/i;
const refused = (host) =>
  Object.assign(new Error(`offline: no network for ${host}`), { code: 'ENOTFOUND', hostname: host });

const lookup = dns.lookup;
dns.lookup = function (host, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  if (!LOOPBACK.test(String(host))) return process.nextTick(cb, refused(host));
  return lookup.apply(this, arguments);
};
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = (host, ...rest) =>
  LOOPBACK.test(String(host)) ? promisesLookup(host, ...rest) : Promise.reject(refused(host));

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options = args[0] && typeof args[0] === 'object' ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : null;
  const host = options
    ? options.host
    : typeof args[0] !== 'object' && typeof args[1] === 'string'
      ? args[1]
      : undefined;
  const path = options && options.path;
  if (!path && host && net.isIP(host) && !LOOPBACK.test(host)) {
    process.nextTick(() => this.destroy(refused(host)));
    return this;
  }
  return connect.apply(this, args);
};
