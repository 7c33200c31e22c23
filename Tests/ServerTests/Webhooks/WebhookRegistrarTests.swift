import Basics
import SonarAPI
import Testing

@testable import Server

@Suite struct WebhookRegistrarTests {
  private func webhook(_ id: Int, _ url: String, _ events: [String], active: Bool = true) throws -> Webhook {
    var settings: [(String, JSONValue)] = []
    for event in events { settings.append((event, "true")) }
    return try Webhook(
      json: JSONObject([
        ("id", .int(id)), ("name", "x"), ("active", .bool(active)), ("url", .string(url)), ("http_method", "POST"),
        ("settings", .object(JSONObject(settings))),
      ]))
  }

  @Test func reusesIdenticalRegistersMissingAndRemovesStaleOnesUnderThePublicURL() throws {
    let prefix = "https://flows.example.com/hooks/"
    let wanted = [
      WebhookRegistrar.Wanted(name: "a", url: prefix + "a", event: .customerCreated),
      WebhookRegistrar.Wanted(name: "b", url: prefix + "b", event: .outboundMessage),
    ]
    let existing = [
      try webhook(1, prefix + "a", ["customer_created"]),
      try webhook(2, prefix + "b", ["customer_created"]),  // wrong event: replaced
      try webhook(3, prefix + "gone", ["tag_added_to_message"]),  // scenario no longer loaded
      try webhook(4, "https://other.example.com/hook", ["outbound_message"]),  // not ours
      try webhook(5, prefix + "a", ["customer_created"]),  // duplicate of 1
    ]
    let plan = WebhookRegistrar.plan(wanted: wanted, existing: existing, hooksPrefix: prefix)
    #expect(plan.keep == [1])
    #expect(plan.register == [wanted[1]])
    #expect(plan.delete == [2, 3, 5])
  }

  @Test func anInactiveRegistrationIsNotReused() throws {
    let prefix = "http://127.0.0.1:9/hooks/"
    let wanted = [WebhookRegistrar.Wanted(name: "a", url: prefix + "a", event: .customerCreated)]
    let plan = WebhookRegistrar.plan(
      wanted: wanted, existing: [try webhook(7, prefix + "a", ["customer_created"], active: false)], hooksPrefix: prefix
    )
    #expect(plan.keep.isEmpty && plan.register == wanted && plan.delete == [7])
  }
}
