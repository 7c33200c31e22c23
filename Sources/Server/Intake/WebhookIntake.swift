import Foundation
import HTTPTypes
import History
import Logging

/// Accepting one webhook request: parse, store durably, hand to the stage, answer.
struct WebhookIntake: Sendable {
  let registry: ScenarioRegistry
  let history: any ServeStore
  let stage: DeliveryStage
  let metrics: ServerMetrics
  let activity: IntakeActivity
  let configuration: ServerConfiguration
  let secrets: WebhookSecrets
  let readiness: Readiness
  let logger: Logger

  /// What to answer: a status and a JSON object.
  struct Answer: Sendable {
    var status: Int
    var json: [String: String]
    var retryAfter: Int?
  }

  /// Whether a request to `hook` may post, decided before its body is read: the hook must serve a
  /// webhook trigger, `secret` must be its secret URL segment (a request without it, or with
  /// another, gets the very answer an unknown hook gets) and `peer` must be in its `allowFrom`.
  enum Admission: Sendable {
    case admitted(ServedScenario)
    case rejected(Answer)
  }

  func admit(hook: String, secret: Substring?, peer: [UInt8]?) -> Admission {
    guard let scenario = registry.current.byHook[hook], scenario.webhookName != nil else {
      metrics.webhook(hook: "unknown", outcome: "unknown_hook")
      return .rejected(Self.notFound(hook))
    }
    guard let secret, secrets.matches(hook: hook, given: secret) else {
      metrics.webhook(hook: hook, outcome: "wrong_secret")
      return .rejected(Self.notFound(hook))
    }
    guard scenario.authentication.allows(peer: peer) else {
      metrics.webhook(hook: hook, outcome: "forbidden")
      return .rejected(Answer(status: 403, json: ["error": "this address may not post to this hook"]))
    }
    return .admitted(scenario)
  }

  /// The same answer for an unknown hook and a wrong or missing secret, so a request cannot tell
  /// a hook that exists from one that does not.
  private static func notFound(_ hook: String) -> Answer {
    Answer(status: 404, json: ["error": "no scenario listens at /hooks/\(hook)"])
  }

  /// Stores an admitted request's body: checks its size, its signature and header secret (if the
  /// trigger requires them), parses it, and answers once it is committed.
  func accept(
    hook: String, scenario: ServedScenario, body: [UInt8]?, contentType: String?, headers: HTTPFields
  ) async -> Answer {
    guard let body else {
      metrics.webhook(hook: hook, outcome: "too_large")
      return Answer(
        status: 413, json: ["error": "the body is larger than the limit of \(configuration.maxBodySize) bytes"])
    }
    guard scenario.authentication.verifies(body: body, headers: headers) else {
      metrics.webhook(hook: hook, outcome: "unauthorized")
      return Answer(status: 401, json: ["error": "the request's signature or header secret is missing or wrong"])
    }
    let parsed: WebhookBody
    do {
      parsed = try WebhookBody.parse(body, contentType: contentType, isSonarEvent: scenario.sonarEvent != nil)
    } catch {
      metrics.webhook(hook: hook, outcome: "malformed")
      return Answer(status: 400, json: ["error": error.message])
    }
    if metrics.queueDepth >= configuration.maxQueueDepth {
      metrics.webhook(hook: hook, outcome: "unavailable")
      return Answer(
        status: 503, json: ["error": "the queue holds \(configuration.maxQueueDepth) deliveries; retry later"],
        retryAfter: 5)
    }
    let now = Date()
    let delivery = QueuedDelivery(
      id: DeliveryID.timeOrdered(now: now), hook: hook, dedupeKey: parsed.dedupeKey, body: parsed.storedText,
      receivedAt: now)
    stage.reserve(delivery.id)
    let isNew: Bool
    do {
      isNew = try await history.enqueue(delivery)
    } catch {
      stage.release(delivery.id)
      metrics.webhook(hook: hook, outcome: "unavailable")
      readiness.noteStoreFailure()
      logger.error("cannot store a webhook delivery", metadata: ["hook": "\(hook)", "error": "\(error)"])
      return Answer(status: 503, json: ["error": "the delivery could not be stored; retry later"], retryAfter: 5)
    }
    guard isNew else {
      stage.release(delivery.id)
      metrics.webhook(hook: hook, outcome: "duplicate")
      return Answer(status: 200, json: ["status": "duplicate"])
    }
    metrics.adjustQueueDepth(by: 1)
    metrics.webhook(hook: hook, outcome: "accepted")
    activity.noteAccepted()
    stage.offer(delivery)
    return Answer(status: 200, json: ["status": "accepted", "id": delivery.id])
  }
}
