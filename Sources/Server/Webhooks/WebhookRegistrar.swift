import Foundation
import Logging
import SonarAPI

/// Keeps Sonar's webhook registrations in line with the served scenarios: one registration per
/// Sonar watch trigger at `{publicURL}/hooks/{webhookName}/{secret}` for its event, an identical
/// existing one reused, and registrations under `{publicURL}/hooks/` that no served scenario wants
/// removed — among them the one at a hook's old URL after its secret was rotated.
struct WebhookRegistrar: Sendable {
  let publicURL: String?
  let secrets: WebhookSecrets
  let metrics: ServerMetrics
  let logger: Logger

  /// One wanted registration.
  struct Wanted: Hashable {
    var name: String
    var url: String
    var event: WebhookEventKind
  }

  /// What to do with one Sonar account's registrations: a pure decision, tested without Sonar.
  struct Plan: Equatable {
    var register: [Wanted]
    var keep: [Int]
    var delete: [Int]
  }

  static func plan(wanted: [Wanted], existing: [Webhook], hooksPrefix: String) -> Plan {
    var plan = Plan(register: [], keep: [], delete: [])
    var matched = Set<Int>()
    for want in wanted {
      if let found = existing.first(where: {
        !matched.contains($0.id) && $0.url == want.url && $0.isActive && $0.subscribedEvents == [want.event.rawValue]
          && ($0.httpMethod ?? "POST").uppercased() == "POST"
      }) {
        matched.insert(found.id)
        plan.keep.append(found.id)
      } else {
        plan.register.append(want)
      }
    }
    for hook in existing where !matched.contains(hook.id) && (hook.url ?? "").hasPrefix(hooksPrefix) {
      plan.delete.append(hook.id)
    }
    return plan
  }

  /// Registers what `scenarios` need with each Sonar account they use. Failures are logged and
  /// counted, never fatal: the hooks still accept deliveries.
  func synchronize(_ scenarios: [ServedScenario]) async {
    guard let publicURL else {
      if scenarios.contains(where: { $0.sonarEvent != nil }) {
        logger.warning(
          "no --public-url: Sonar webhooks are not registered; register the URLs sonarflow webhooks list prints yourself"
        )
      }
      return
    }
    let prefix = publicURL + "/hooks/"
    // One account per token (the token itself stays out of logs).
    var accounts: [String: (client: SonarClient, wanted: [Wanted])] = [:]
    for scenario in scenarios {
      guard let event = scenario.sonarEvent, let hook = scenario.webhookName else { continue }
      guard let client = scenario.client, let token = scenario.token else {
        logger.warning(
          "no Sonar token for the scenario: its webhook is not registered",
          metadata: [
            "scenario": "\(scenario.compiled.scenario.name.value)",
            "tokenEnv": "\(scenario.compiled.scenario.connection.tokenEnv)",
          ])
        continue
      }
      guard let url = secrets.url(for: hook, publicURL: publicURL) else {
        logger.error("no secret for the hook: its webhook is not registered", metadata: ["hook": "\(hook)"])
        continue
      }
      accounts[token, default: (client, [])].wanted.append(Wanted(name: hook, url: url, event: event))
    }
    for (_, account) in accounts {
      do {
        let existing = try await account.client.webhooks()
        let plan = Self.plan(wanted: account.wanted, existing: existing, hooksPrefix: prefix)
        for want in plan.register {
          let created = try await account.client.registerWebhook(
            WebhookRegistration(name: want.name, url: want.url, events: [want.event]))
          // The URL's secret stays out of the log.
          logger.info(
            "registered a Sonar webhook",
            metadata: ["id": "\(created.id)", "hook": "\(want.name)", "event": "\(want.event.rawValue)"])
        }
        for id in plan.keep { logger.info("reusing a Sonar webhook", metadata: ["id": "\(id)"]) }
        for id in plan.delete {
          try await account.client.deleteWebhook(id: id)
          logger.info("removed a Sonar webhook no scenario uses", metadata: ["id": "\(id)"])
        }
      } catch {
        metrics.sonarError(kind: "webhook_registration")
        logger.error("cannot register Sonar webhooks", metadata: ["error": "\(error)"])
      }
    }
  }
}
