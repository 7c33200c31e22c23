/// When a connection must have made progress by, as a pure state machine: events in, the next
/// deadline (or none) out. A new connection must send a request head within `header`; once the
/// head is read, the body must end within `body`; while the response is being made there is no
/// deadline (the store answers within its own limits); after a response the next request head
/// must come within `idle`. A connection that misses its deadline is closed.
///
/// The HTTP decoder hands on a head only once it is complete, so a client that stops in the
/// middle of its headers, or sends them a byte at a time, is closed after `header` however it
/// trickles — the slow-headers attack cannot keep a connection forever.
struct ConnectionDeadlines: Sendable {
  struct Limits: Sendable, Hashable {
    var header: Duration
    var body: Duration
    var idle: Duration
  }

  enum Phase: Sendable, Hashable {
    /// Waiting for a request head; `afterResponse` when a response was sent on the connection.
    case awaitingHead(afterResponse: Bool)
    case readingBody
    case responding
  }

  let limits: Limits
  private(set) var phase = Phase.awaitingHead(afterResponse: false)
  /// Requests read whose response is not finished (HTTP/1.1 pipelining may queue several).
  private var unanswered = 0

  init(limits: Limits) {
    self.limits = limits
  }

  /// How long from now until the connection must have made progress; nil: no deadline.
  var timeout: Duration? {
    switch phase {
    case .awaitingHead(let afterResponse): afterResponse ? limits.idle : limits.header
    case .readingBody: limits.body
    case .responding: nil
    }
  }

  mutating func headRead() {
    unanswered += 1
    phase = .readingBody
  }

  mutating func bodyEnded() {
    // A request answered before its body was read (a 404 or 413) has nothing left to wait for.
    phase = unanswered == 0 ? .awaitingHead(afterResponse: true) : .responding
  }

  mutating func responseEnded() {
    unanswered = max(0, unanswered - 1)
    // While a body is still arriving its deadline stands, answered or not.
    if unanswered == 0, phase == .responding { phase = .awaitingHead(afterResponse: true) }
  }
}
