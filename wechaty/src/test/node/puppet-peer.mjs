// A real Wechaty puppet service for tests: wechaty-puppet-service's PuppetServer serving wechaty-puppet-mock's
// PuppetMock on 127.0.0.1, scripted over a line protocol.
//
//   node puppet-peer.mjs --port N [--tls] [--trace]       (token in the environment variable PEER_TOKEN)
//
// Commands, one JSON object per line on standard input:
//   {"cmd":"self","id":"bot","name":"Bot","scan":"<qr url>"}  the bot's account; logged in when the client
//                                                              calls Start, or after "login" when scan is set
//   {"cmd":"login"}                                            log the bot in (after a scan)
//   {"cmd":"contact","id":"alice","name":"Alice","type":1}
//   {"cmd":"room","id":"team@chatroom","topic":"Team","members":["bot","alice"]}
//   {"cmd":"say","from":"alice","to":"bot"|"<room id>","text":"...","mentions":["bot"],"tag":"t1"}
//   {"cmd":"sayFile","from":"alice","to":"bot"|"<room id>","name":"cat.png","base64":"...","mediaType":"audio/silk","tag":"t2"}
//                                                              a picture (.png/.jpg), voice (.silk), video (.mp4) or file
//   {"cmd":"burst","from":["c1","c2"],"to":"bot","count":2000,"text":"q","rate":0}  private messages as fast as
//                                                              possible (rate 0) or rate per second; the replies'
//                                                              latencies come in "burst-done"
//   {"cmd":"mute"} / {"cmd":"unmute"}                          stop / resume emitting events (a hung server)
//   {"cmd":"quit"}
// Events, one JSON object per line on standard output:
//   {"ev":"listening","port":N}   {"ev":"ok","cmd":...}   {"ev":"said","tag":...,"id":...}
//   {"ev":"sent","conversationId":...,"text":...,"mentionIds":[...]}   what the connected bot sent
//   {"ev":"sentFile","conversationId":...,"name":...,"base64":...}   a picture or file the bot sent
//   {"ev":"call","method":...,"authorization":"ok"|"wrong"|"none","t":ms}   every RPC arriving (with --trace)
//   {"ev":"burst-done","count":N,"elapsedMs":...,"latenciesMs":[...]}   {"ev":"error","message":...}
import readline from 'node:readline'
import { PuppetServer } from 'wechaty-puppet-service'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { grpc } from 'wechaty-grpc'
import { FileBox } from 'file-box'

const args = process.argv.slice(2)
const flag = name => args.includes('--' + name)
const option = name => {
  const at = args.indexOf('--' + name)
  return at >= 0 ? args[at + 1] : undefined
}
const port = Number(option('port'))
const token = process.env.PEER_TOKEN
const tls = flag('tls')
const trace = flag('trace')

const out = obj => process.stdout.write(JSON.stringify(obj) + '\n')

if (trace) {
  // Records every call as it arrives, before the server checks the token, so tests can see how often a
  // client with a wrong token retries.
  const addService = grpc.Server.prototype.addService
  grpc.Server.prototype.addService = function (service, implementation) {
    const wrapped = {}
    for (const [name, handler] of Object.entries(implementation)) {
      wrapped[name] = function (call, callback) {
        const value = call.metadata.get('authorization')[0]
        const authorization = value === undefined ? 'none' : value === 'Wechaty ' + token ? 'ok' : 'wrong'
        out({ ev: 'call', method: name, authorization, t: Date.now() })
        return handler.call(this, call, callback)
      }
    }
    return addService.call(this, service, wrapped)
  }
}

const mocker = new mock.Mocker()
const puppet = new PuppetMock({ mocker })
let self
let scan
let pendingLogin = false
let started = false

function loginOrScan () {
  if (scan) {
    pendingLogin = true
    mocker.scan(scan, 2 /* ScanStatus.Waiting */)
  } else {
    mocker.login(self)
  }
}

mocker.use(() => {
  // runs each time a client calls Start; a client may come before the test has said who the bot is
  started = true
  if (self) loginOrScan()
  return () => { started = false }
})

// What the bot sends arrives here through the server; the mock itself ignores the mentions.
const sendText = puppet.messageSendText.bind(puppet)
const bursts = []
puppet.messageSendText = async (conversationId, text, mentionIdList) => {
  const now = performance.now()
  const burst = bursts.find(b => b.pending.has(conversationId) && b.pending.get(conversationId).length > 0)
  if (burst) {
    burst.latencies.push(now - burst.pending.get(conversationId).shift())
    if (burst.latencies.length === burst.count) {
      bursts.splice(bursts.indexOf(burst), 1)
      out({ ev: 'burst-done', count: burst.count, elapsedMs: now - burst.started, latenciesMs: burst.latencies })
    }
  } else {
    out({ ev: 'sent', conversationId, text, mentionIds: mentionIdList || [] })
  }
  return sendText(conversationId, text)
}

// Pictures and files the bot sends arrive here, whatever kind of file box the server made of them.
const sendFile = puppet.messageSendFile.bind(puppet)
puppet.messageSendFile = async (conversationId, file) => {
  out({ ev: 'sentFile', conversationId, name: file.name, base64: await file.toBase64() })
  return sendFile(conversationId, file)
}

let muted = false
const emit = puppet.emit.bind(puppet)
puppet.emit = (...event) => (muted ? false : emit(...event))

const contact = id => mocker.ContactMock.load(id)
const conversation = id => (id.includes('@') ? mocker.RoomMock.load(id) : contact(id))

async function burst (cmd) {
  const from = cmd.from.map(contact)
  const to = contact(cmd.to)
  const job = { count: cmd.count, latencies: [], pending: new Map(), started: performance.now() }
  bursts.push(job)
  const interval = cmd.rate > 0 ? 1000 / cmd.rate : 0
  for (let i = 0; i < cmd.count; i++) {
    if (interval > 0) {
      // paced: message i is due at i intervals after the start, whatever the earlier ones cost
      const wait = job.started + i * interval - performance.now()
      if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
    }
    const talker = from[i % from.length]
    if (!job.pending.has(talker.id)) job.pending.set(talker.id, [])
    job.pending.get(talker.id).push(performance.now())
    talker.say(`${cmd.text ?? 'q'} ${i}`).to(to)
    if (interval === 0 && i % 20 === 19) await new Promise(resolve => setImmediate(resolve)) // let the stream flush
  }
}

const handlers = {
  self: cmd => {
    self = mocker.createContact({ id: cmd.id, name: cmd.name })
    scan = cmd.scan
    if (started) loginOrScan()
  },
  login: () => {
    if (!pendingLogin) throw new Error('no scan is waiting for a login')
    pendingLogin = false
    mocker.login(self)
  },
  contact: cmd => mocker.createContact({ id: cmd.id, name: cmd.name, type: cmd.type ?? 1 }),
  room: cmd => mocker.createRoom({
    id: cmd.id,
    topic: cmd.topic,
    memberIdList: cmd.members,
    ownerId: cmd.members[0],
    adminIdList: [],
  }),
  say: cmd => {
    const before = new Set(mocker.cacheMessagePayload.keys())
    contact(cmd.from).say(cmd.text, (cmd.mentions || []).map(contact)).to(conversation(cmd.to))
    const id = [...mocker.cacheMessagePayload.keys()].find(key => !before.has(key))
    out({ ev: 'said', tag: cmd.tag, id })
    return 'silent'
  },
  sayFile: cmd => {
    const before = new Set(mocker.cacheMessagePayload.keys())
    const box = FileBox.fromBase64(cmd.base64, cmd.name)
    if (cmd.mediaType) {
      // file-box guesses types from names and knows no .silk; the mock decides the message type by it
      Object.defineProperty(box, 'mediaType', { get: () => cmd.mediaType })
    }
    contact(cmd.from).say(box).to(conversation(cmd.to))
    const id = [...mocker.cacheMessagePayload.keys()].find(key => !before.has(key))
    out({ ev: 'said', tag: cmd.tag, id })
    return 'silent'
  },
  burst: cmd => { burst(cmd).catch(e => out({ ev: 'error', message: String(e && e.stack) })); return 'silent' },
  mute: () => { muted = true },
  unmute: () => { muted = false },
  quit: () => stop(0),
}

const server = new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet, token, tls: { disable: !tls } })

async function stop (code) {
  try {
    await server.stop()
  } finally {
    process.exit(code)
  }
}

process.on('SIGTERM', () => stop(0))
process.on('SIGINT', () => stop(0))

await server.start()
out({ ev: 'listening', port })

const lines = readline.createInterface({ input: process.stdin })
lines.on('line', line => {
  if (!line.trim()) return
  let cmd
  try {
    cmd = JSON.parse(line)
    const handler = handlers[cmd.cmd]
    if (!handler) throw new Error('unknown command ' + cmd.cmd)
    if (handler(cmd) !== 'silent') out({ ev: 'ok', cmd: cmd.cmd, id: cmd.id })
  } catch (e) {
    out({ ev: 'error', cmd: cmd && cmd.cmd, message: String(e && e.message) })
  }
})
lines.on('close', () => stop(0))
