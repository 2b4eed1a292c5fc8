// SPDX-License-Identifier: GPL-3.0-or-later
//
// Preloaded with `node --require` into the AT Protocol test network: every
// server listens on 127.0.0.1 only, and nothing may reach beyond this
// computer. @atproto/dev-env passes only a port to listen(), which means
// all interfaces, and some of its services would look up or contact real
// hosts (handle resolution over DNS, crawlers, the PLC directory) if they
// were ever configured to: here such an attempt fails loudly instead.
'use strict'

const net = require('node:net')
const dns = require('node:dns')
const dgram = require('node:dgram')

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.', '127.0.0.1', '::1', '[::1]'])

function isLoopback (host) {
  if (host === undefined || host === null || host === '') {
    return true // Node's default is localhost
  }
  host = String(host).toLowerCase()
  if (LOOPBACK_NAMES.has(host)) {
    return true
  }
  if (host.startsWith('::ffff:')) {
    host = host.slice(7)
  }
  return net.isIPv4(host) && host.startsWith('127.')
}

function refusal (what, host) {
  const error = new Error(`loopback-only: refused ${what} to ${host}`)
  error.code = 'ECONNREFUSED'
  process.emitWarning(error.message)
  return error
}

// --- listen: always 127.0.0.1 -------------------------------------------

const originalListen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined
  let options

  if (args.length > 0 && args[0] !== null && typeof args[0] === 'object' &&
      !('fd' in args[0]) && !('_handle' in args[0]) && !('handle' in args[0])) {
    options = { ...args[0] }
  } else if (args.length === 0 || typeof args[0] === 'number' ||
             (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    options = { port: args.length > 0 ? Number(args[0]) : 0 }
    if (typeof args[2] === 'number') {
      options.backlog = args[2]
    } else if (typeof args[1] === 'number') {
      options.backlog = args[1]
    }
  } else {
    // A Unix socket path or an inherited handle: nothing on the network.
    return originalListen.apply(this, callback ? [...args, callback] : args)
  }

  if (options.path !== undefined) {
    return originalListen.call(this, options, callback)
  }

  options.host = '127.0.0.1'
  delete options.ipv6Only
  return callback ? originalListen.call(this, options, callback)
                  : originalListen.call(this, options)
}

// --- connect: loopback or a Unix socket only ---------------------------

const originalConnect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  let host
  let path

  const first = Array.isArray(args[0]) ? args[0][0] : args[0]
  if (first !== null && typeof first === 'object') {
    host = first.host
    path = first.path
  } else if (typeof first === 'string' && !/^\d+$/.test(first)) {
    path = first
  } else {
    host = typeof args[1] === 'string' ? args[1] : undefined
  }

  if (path === undefined && !isLoopback(host)) {
    const error = refusal('a connection', host)
    process.nextTick(() => this.destroy(error))
    return this
  }

  return originalConnect.apply(this, args)
}

// --- DNS: answer localhost ourselves, refuse everything else ------------

function lookupLoopback (hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options
    options = {}
  } else if (typeof options === 'number') {
    options = { family: options }
  }
  options = options || {}

  if (!isLoopback(hostname)) {
    const error = refusal('a DNS lookup', hostname)
    error.code = 'ENOTFOUND'
    process.nextTick(() => callback(error))
    return {}
  }

  const address = String(hostname).replace(/^\[|\]$/g, '').toLowerCase()
  const isV6 = address === '::1'
  const result = { address: isV6 ? '::1' : (net.isIPv4(address) ? address : '127.0.0.1'),
                   family: isV6 ? 6 : 4 }
  process.nextTick(() => {
    if (options.all) {
      callback(null, [result])
    } else {
      callback(null, result.address, result.family)
    }
  })
  return {}
}

dns.lookup = lookupLoopback
dns.promises.lookup = (hostname, options) => new Promise((resolve, reject) => {
  lookupLoopback(hostname, options || {}, (error, address, family) => {
    if (error) {
      reject(error)
    } else {
      resolve(Array.isArray(address) ? address : { address, family })
    }
  })
})

function refuseQuery (name) {
  return function (hostname, ...rest) {
    const callback = rest.find((arg) => typeof arg === 'function')
    const error = refusal(`a DNS query (${name})`, hostname)
    error.code = 'ENOTFOUND'
    if (callback) {
      process.nextTick(() => callback(error))
      return undefined
    }
    return Promise.reject(error)
  }
}

for (const name of Object.keys(dns)) {
  if (/^resolve/.test(name) && typeof dns[name] === 'function') {
    dns[name] = refuseQuery(name)
  }
  if (/^resolve/.test(name) && typeof dns.promises[name] === 'function') {
    dns.promises[name] = refuseQuery(name)
  }
}
for (const Resolver of [dns.Resolver, dns.promises.Resolver]) {
  for (const name of Object.getOwnPropertyNames(Resolver.prototype)) {
    if (/^resolve/.test(name)) {
      Resolver.prototype[name] = refuseQuery(name)
    }
  }
}

// --- UDP: loopback only -----------------------------------------------

const originalSend = dgram.Socket.prototype.send
dgram.Socket.prototype.send = function (...args) {
  const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined
  const address = args.find((arg, i) => i > 0 && typeof arg === 'string')
  if (address !== undefined && !isLoopback(address)) {
    const error = refusal('a UDP packet', address)
    if (callback) {
      process.nextTick(() => callback(error))
    }
    return
  }
  return originalSend.apply(this, args)
}
