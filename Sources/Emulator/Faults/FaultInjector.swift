import Basics
import SonarAPI
import Synchronization

/// Failures injected into `/api/v1` requests for tests (`POST /_emulator/faults`).
///
/// Each rule applies to requests whose path starts with `path` (default all) and method matches
/// (default any), either to the next `count` of them or to a random `fraction`, whichever is given.
/// It can delay (`latency_ms`), answer with `status` (429 carries `Retry-After: retry_after`), or
/// drop the connection; `phase: "after"` does so after the request was handled (the send happened,
/// the answer is lost), `before` (default) instead of handling it.
final class FaultInjector: Sendable {
  struct Rule: Sendable {
    enum Phase: String, Sendable { case before, after }
    var status: Int?
    var retryAfterSeconds: Int?
    var latencyMilliseconds: Int = 0
    var dropsConnection = false
    var phase: Phase = .before
    var remaining: Int?
    var fraction: Double?
    var pathPrefix: String?
    var method: String?

    var json: JSONValue {
      .object(
        JSONObject([
          ("status", status.map(JSONValue.int) ?? .null),
          ("retry_after", retryAfterSeconds.map(JSONValue.int) ?? .null),
          ("latency_ms", .int(latencyMilliseconds)), ("drop", .bool(dropsConnection)),
          ("phase", .string(phase.rawValue)),
          ("count", remaining.map(JSONValue.int) ?? .null),
          ("fraction", fraction.map(JSONValue.double) ?? .null),
          ("path", .optional(pathPrefix)), ("method", .optional(method)),
        ]))
    }
  }

  /// What to do with one request.
  struct Decision: Sendable {
    var latencyMilliseconds: Int
    var status: Int?
    var retryAfterSeconds: Int?
    var dropsConnection: Bool
    var phase: Rule.Phase
  }

  private let rules = Mutex<[Rule]>([])
  private let injected = Atomic<Int>(0)

  /// Faults applied so far.
  var injectedCount: Int { injected.load(ordering: .relaxed) }

  func add(_ body: JSONObject) throws(EmulatorInputError) -> JSONValue {
    var rule = Rule()
    if let status = try body["status"]?.optionalInt("status") {
      guard [429, 500, 502, 503, 504].contains(status) else {
        throw EmulatorInputError("status must be one of 429, 500, 502, 503, 504")
      }
      rule.status = status
    }
    rule.retryAfterSeconds = try body["retry_after"]?.optionalInt("retry_after")
    rule.latencyMilliseconds = min(try body["latency_ms"]?.optionalInt("latency_ms") ?? 0, 60_000)
    rule.dropsConnection = try body["drop"]?.requireBool("drop") ?? false
    if let phase = body["phase"]?.stringValue {
      guard let parsed = Rule.Phase(rawValue: phase) else {
        throw EmulatorInputError("phase must be before or after")
      }
      rule.phase = parsed
    }
    rule.remaining = try body["count"]?.optionalInt("count")
    if let fraction = try body["fraction"]?.optionalDouble("fraction") {
      guard (0...1).contains(fraction) else {
        throw EmulatorInputError("fraction must be between 0 and 1")
      }
      rule.fraction = fraction
    }
    if rule.remaining == nil && rule.fraction == nil { rule.remaining = 1 }
    rule.pathPrefix = body["path"]?.stringValue
    rule.method = body["method"]?.stringValue?.uppercased()
    guard rule.status != nil || rule.dropsConnection || rule.latencyMilliseconds > 0 else {
      throw EmulatorInputError("a fault needs status, drop or latency_ms")
    }
    let added = rule
    rules.withLock { $0.append(added) }
    return listJSON()
  }

  func clear() { rules.withLock { $0.removeAll() } }

  func listJSON() -> JSONValue { .array(rules.withLock { $0.map(\.json) }) }

  /// Takes the first matching rule for this request, if any.
  func decide(method: String, path: String) -> Decision? {
    let decision: Decision? = rules.withLock { rules in
      for index in rules.indices {
        let rule = rules[index]
        if let prefix = rule.pathPrefix, !path.hasPrefix(prefix) { continue }
        if let ruleMethod = rule.method, ruleMethod != method { continue }
        if let remaining = rule.remaining {
          if remaining <= 1 {
            rules.remove(at: index)
          } else {
            rules[index].remaining = remaining - 1
          }
        } else if let fraction = rule.fraction, Double.random(in: 0..<1) >= fraction {
          continue
        }
        return Decision(
          latencyMilliseconds: rule.latencyMilliseconds, status: rule.status,
          retryAfterSeconds: rule.retryAfterSeconds,
          dropsConnection: rule.dropsConnection, phase: rule.phase)
      }
      return nil
    }
    if decision != nil { injected.add(1, ordering: .relaxed) }
    return decision
  }
}
