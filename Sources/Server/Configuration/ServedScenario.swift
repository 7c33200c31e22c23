package import Engine
package import History
package import SonarAPI

/// A loaded scenario with the engine that runs it.
package struct ServedScenario: Sendable {
  package var compiled: CompiledScenario
  package var engine: Engine
  /// The Sonar token, redacted from history; nil when not set.
  package var token: String?
  /// The client on the scenario's token and environment, for webhook registration.
  package var client: SonarClient?
  /// What a custom webhook requires besides its secret URL: signature, header secret, networks.
  package var authentication: HookAuthentication

  package init(
    compiled: CompiledScenario, engine: Engine, token: String?, client: SonarClient?,
    authentication: HookAuthentication = .none
  ) {
    self.compiled = compiled
    self.engine = engine
    self.token = token
    self.client = client
    self.authentication = authentication
  }

  /// Records this scenario's executions in `history`: nothing of their data when the scenario is
  /// confidential, and its token redacted.
  func recorder(into history: any HistoryStore) -> HistoryRecorder {
    HistoryRecorder(
      store: history, isConfidential: compiled.scenario.settings.isConfidential, secrets: token.map { [$0] } ?? [])
  }

  /// The trigger's `webhookName` when the trigger is instant.
  package var webhookName: String? { compiled.webhookName }

  /// Whether the trigger is `sonarflow.watchFailedExecutions`: an error scenario.
  package var watchesFailures: Bool { compiled.triggerSpec.name == FailureAlerts.triggerName }

  /// The queue's hook for the scenario's deliveries: its `webhookName`, or for an error scenario a
  /// name no request can reach (`/hooks/…` answers only webhook triggers).
  package var hook: String? {
    if let webhookName { return webhookName }
    return watchesFailures ? "failed:\(compiled.scenario.name.value)" : nil
  }

  /// The Sonar event the trigger watches (`customer_created`, …), nil for custom webhooks.
  package var sonarEvent: WebhookEventKind? {
    compiled.triggerSpec.sonarEvent.flatMap(WebhookEventKind.init(rawValue:))
  }

  package var isPolling: Bool { compiled.triggerSpec.kind == .pollingTrigger }

  /// Identifies a polling trigger's state across restarts: the file and the scenario's name.
  package var pollKey: String { "\(compiled.scenario.source.path)#\(compiled.scenario.name.value)" }
}

extension CompiledScenario {
  /// The trigger's `webhookName` when the trigger is instant: the hook serve answers at.
  package var webhookName: String? {
    guard triggerSpec.kind == .instantTrigger, case .constant(.text(let name))? = triggerParams["webhookName"]
    else { return nil }
    return name
  }
}
