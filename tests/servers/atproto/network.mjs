// SPDX-License-Identifier: GPL-3.0-or-later
//
// Starts the AT Protocol reference network (PLC, PDS, AppView, Ozone) from
// @atproto/dev-env on 127.0.0.1 and prints one line
//   READY {"pds": "http://localhost:PORT", "appview_did": "did:…", …}
// when it accepts requests. Run it with `node --require ./loopback-only.cjs`.
//
// A small control server on 127.0.0.1 lets the integration tests look at
// and disturb the PDS the way a real outage would:
//   GET  /counts          requests per XRPC method the PDS received
//   POST /process-all     wait until the AppView has indexed everything
//   POST /pds/stop        the PDS stops listening and drops its connections
//   POST /pds/start       it listens again on the same port, data intact
//   POST /fault?method=M&skip=N
//                         the (N+1)th request for M loses its connection
//                         mid-request and the PDS stops, as if killed
// SIGTERM or SIGINT closes everything and exits.

import http from 'node:http'
import { createRequire } from 'node:module'
import { TestNetwork } from '@atproto/dev-env'

const require = createRequire(import.meta.url)

function versionOf (name) {
  try {
    return require(`${name}/package.json`).version
  } catch {
    return 'unknown'
  }
}

const schema = process.env.DB_POSTGRES_SCHEMA
if (!process.env.DB_POSTGRES_URL || !schema || !/^[a-z_]+$/.test(schema)) {
  console.error('network.mjs: set DB_POSTGRES_URL and DB_POSTGRES_SCHEMA (letters and underscores)')
  process.exit(2)
}
process.env.REDIS_HOST = process.env.REDIS_HOST || 'unused.invalid'

const network = await TestNetwork.create({
  dbPostgresUrl: process.env.DB_POSTGRES_URL,
  dbPostgresSchema: schema,
})

const pdsServer = network.pds.server.server
const pdsPort = network.pds.port
const counts = {}
const clientSockets = new Set()
let fault = null
let stopped = false

// Plain requests only: the AppView's firehose subscription is an upgraded
// connection and survives a stop, as it would reconnect after a real one.
function watchRequests (server) {
  server.prependListener('request', (request) => {
    const match = /^\/xrpc\/([A-Za-z0-9.]+)/.exec(request.url)
    const method = match ? match[1] : request.url.split('?')[0]

    counts[method] = (counts[method] || 0) + 1
    clientSockets.add(request.socket)
    request.socket.once('close', () => clientSockets.delete(request.socket))

    if (fault && fault.method === method) {
      if (fault.skip > 0) {
        fault.skip--
      } else {
        fault = null
        stopPds()
      }
    }
  })
}

function stopPds () {
  if (stopped) {
    return
  }
  stopped = true
  pdsServer.close()
  for (const socket of clientSockets) {
    socket.destroy()
  }
  clientSockets.clear()
}

async function startPds () {
  if (!stopped) {
    return
  }
  await new Promise((resolve, reject) => {
    pdsServer.once('error', reject)
    pdsServer.listen(pdsPort, '127.0.0.1', () => {
      pdsServer.off('error', reject)
      resolve()
    })
  })
  stopped = false
}

watchRequests(pdsServer)

const control = http.createServer(async (request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1')
  const reply = (status, body) => {
    response.writeHead(status, { 'Content-Type': 'application/json' })
    response.end(JSON.stringify(body))
  }

  try {
    if (request.method === 'GET' && url.pathname === '/counts') {
      reply(200, counts)
    } else if (request.method === 'POST' && url.pathname === '/process-all') {
      await network.processAll()
      reply(200, {})
    } else if (request.method === 'POST' && url.pathname === '/pds/stop') {
      stopPds()
      reply(200, {})
    } else if (request.method === 'POST' && url.pathname === '/pds/start') {
      await startPds()
      reply(200, {})
    } else if (request.method === 'POST' && url.pathname === '/fault') {
      fault = {
        method: url.searchParams.get('method'),
        skip: Number(url.searchParams.get('skip') || 0),
      }
      reply(200, {})
    } else {
      reply(404, { error: 'NotFound' })
    }
  } catch (error) {
    reply(500, { error: String(error) })
  }
})
await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve))

let closing = false
async function shutdown () {
  if (closing) {
    return
  }
  closing = true
  control.close()
  await startPds().catch(() => {})
  try {
    await network.close()
  } finally {
    process.exit(0)
  }
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)

const info = {
  pds: network.pds.url,
  pds_port: pdsPort,
  appview: network.bsky.url,
  appview_port: network.bsky.port,
  appview_did: network.bsky.ctx.cfg.serverDid,
  plc: network.plc.url,
  plc_port: network.plc.port,
  ozone_port: network.ozone.port,
  control: `http://127.0.0.1:${control.address().port}`,
  versions: {
    'dev-env': versionOf('@atproto/dev-env'),
    pds: versionOf('@atproto/pds'),
    bsky: versionOf('@atproto/bsky'),
    node: process.versions.node,
  },
}
console.log('READY ' + JSON.stringify(info))
