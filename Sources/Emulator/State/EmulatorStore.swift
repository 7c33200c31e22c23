import Basics
import Foundation
import SonarAPI

/// All of the emulator's state and Sonar's rules (reference §8). One actor, so every request sees a
/// consistent state; webhook events are handed to the ``WebhookDispatcher`` without waiting.
actor EmulatorStore {
  let token: String
  let publishableKey: String
  private let initialState: EmulatorStateFile
  private let events: AsyncStream<[WebhookJob]>.Continuation

  var account = AccountSettings()
  var customers: [String: EmulatedCustomer] = [:]
  var messages: [EmulatedMessage] = []
  var messageIndex: [String: Int] = [:]
  var tags: [String] = []
  var campaigns: [String: EmulatedCampaign] = [:]
  var campaignOrder: [String] = []
  var webhooks: [EmulatedWebhook] = []
  var deliveries: [WebhookDelivery] = []
  /// Last outbound text and time per customer, for the 7-second rule.
  var lastOutbound: [String: (text: String, at: Double)] = [:]
  var nextCustomerID = 1
  var nextWebhookID = 1
  var clockOffset: Double = 0
  /// A reproducible world (``load(_:fixedAt:)``): the clock stands at this time (moved only by
  /// `advance_seconds`) and message ids count up from 1; nil: the wall clock and random ids.
  var fixedClock: Double?
  var nextMessageNumber = 1
  /// Bumped on every reset, so attempts of deliveries from before a reset are not recorded against
  /// the new deliveries list.
  var generation = 0

  init(
    token: String, publishableKey: String, initialState: EmulatorStateFile,
    events: AsyncStream<[WebhookJob]>.Continuation
  ) async {
    self.token = token
    self.publishableKey = publishableKey
    self.initialState = initialState
    self.events = events
    load(initialState)
  }

  var now: SonarTimestamp {
    SonarTimestamp(secondsSince1970: (fixedClock ?? Date().timeIntervalSince1970) + clockOffset)
  }

  /// A new message's id: random, or in a reproducible world `00000000-0000-4000-8000-000000000001`,
  /// `…0002`, ….
  func newMessageID() -> String {
    guard fixedClock != nil else { return UUID().uuidString.lowercased() }
    defer { nextMessageNumber += 1 }
    return SequentialID.text(nextMessageNumber)
  }

  // MARK: Dispatch

  /// Authenticates, applies the account switches, then runs the endpoint.
  func handle(_ request: APIRequest) -> EmulatorResponse {
    if case .availableNumber = request.endpoint {
      guard request.publishableKey == publishableKey else {
        return .error(401, "Token or publishable_key not found")
      }
      return .json(200, [("available_number", .string(account.availableNumber))])
    }
    guard request.token == token else {
      let isLegacy: Bool
      switch request.endpoint {
      case .sendMessage, .upsertCustomer: isLegacy = account.usesLegacyTokenError
      default: isLegacy = false
      }
      return .error(401, isLegacy ? "Bad Token" : "Token or publishable_key not found")
    }
    if account.companyStatus == "cancelled" { return .error(403, "Company cancelled") }
    if account.companyStatus == "inactive" { return .error(403, "Company inactive") }
    if !account.isSubscriptionActive { return .error(403, "No Active Subscription") }
    if !account.isAPIEnabled { return .error(403, "Api Disabled For Company") }
    let parameters = request.parameters
    switch request.endpoint {
    case .sendMessage: return sendMessage(parameters)
    case .appendTags(let id): return appendTags(messageID: id, parameters)
    case .upsertCustomer: return upsertCustomer(parameters)
    case .getCustomer: return getCustomer(parameters)
    case .closeCustomer: return closeCustomer(parameters)
    case .unassignCustomer: return unassignCustomer(parameters)
    case .deleteProperty: return deleteProperty(parameters)
    case .sendCampaign: return sendCampaign(parameters)
    case .listWebhooks: return .init(status: 200, body: .array(webhooks.map(\.json)))
    case .registerWebhook: return registerWebhook(parameters)
    case .deleteWebhook(let id): return deleteWebhook(id: id)
    case .availableNumber: return .error(500, "unreachable")
    }
  }

  // MARK: Helpers shared by the rules

  /// `"a is missing, b is missing"` for the keys that are absent or blank, in the given order.
  func missing(_ keys: [String], in parameters: JSONObject) -> EmulatorResponse? {
    let absent = keys.filter { key in
      guard let value = parameters[key] else { return true }
      if value.isNull { return true }
      if let text = value.stringValue { return text.isEmpty }
      return false
    }
    guard !absent.isEmpty else { return nil }
    return .error(400, absent.map { "\($0) is missing" }.joined(separator: ", "))
  }

  func customer(for phone: PhoneNumber) -> EmulatedCustomer? { customers[phone.e164] }

  /// Finds or creates the customer for a phone number; a new one fires `customer_created`.
  func findOrCreateCustomer(
    _ phone: PhoneNumber, events: inout [EmulatorEvent]
  )
    -> EmulatedCustomer?
  {
    if let existing = customers[phone.e164] { return existing }
    if let limit = account.trialCustomerLimit, customers.count >= limit { return nil }
    let customer = EmulatedCustomer(
      id: nextCustomerID, phone: phone, assignedPhoneNumber: account.assignedPhoneNumber,
      createdAt: now)
    nextCustomerID += 1
    customers[phone.e164] = customer
    events.append(WebhookPayloads.customerCreated(customer))
    return customer
  }

  func orderedCustomers() -> [EmulatedCustomer] { customers.values.sorted { $0.id < $1.id } }

  func record(_ message: EmulatedMessage) {
    messageIndex[message.id] = messages.count
    messages.append(message)
  }

  /// Hands events to the dispatcher: one delivery per event and subscribed webhook, in order.
  func publish(_ events: [EmulatorEvent]) {
    var jobs: [WebhookJob] = []
    for event in events {
      for webhook in webhooks where webhook.isSubscribed(to: event.action) {
        let delivery = WebhookDelivery(
          id: deliveries.count + 1, webhookID: webhook.id, eventUUID: event.uuid,
          action: event.action,
          url: webhook.url, httpMethod: webhook.httpMethod, payload: event.payload)
        deliveries.append(delivery)
        jobs.append(
          WebhookJob(
            generation: generation, deliveryIndex: delivery.id - 1, url: webhook.url,
            httpMethod: webhook.httpMethod,
            body: event.payload.serializedBytes))
      }
    }
    if !jobs.isEmpty { self.events.yield(jobs) }
  }

  /// Called by the dispatcher after each attempt.
  func recordAttempt(
    generation: Int, deliveryIndex: Int, statusCode: Int?, error: String?, finalStatus: String?
  ) {
    guard generation == self.generation, deliveries.indices.contains(deliveryIndex) else { return }
    let number = deliveries[deliveryIndex].attempts.count + 1
    deliveries[deliveryIndex].attempts.append(
      .init(number: number, at: now, statusCode: statusCode, error: error))
    if let finalStatus { deliveries[deliveryIndex].status = finalStatus }
  }

  // MARK: State

  /// Starts over from `state`; with `fixedAt`, in a reproducible world (``fixedClock``).
  func load(_ state: EmulatorStateFile, fixedAt: Date? = nil) {
    generation += 1
    fixedClock = fixedAt?.timeIntervalSince1970
    nextMessageNumber = 1
    account = state.account
    customers = [:]
    messages = []
    messageIndex = [:]
    tags = state.tags
    campaigns = [:]
    campaignOrder = []
    webhooks = []
    deliveries = []
    lastOutbound = [:]
    nextCustomerID = 1
    nextWebhookID = 1
    clockOffset = 0
    for var customer in state.customers {
      customer.id = nextCustomerID
      customer.createdAt = now
      if customer.assignedPhoneNumber == nil {
        customer.assignedPhoneNumber = account.assignedPhoneNumber
      }
      nextCustomerID += 1
      customers[customer.phone.e164] = customer
    }
    for campaign in state.campaigns { addCampaign(campaign) }
  }

  func reset() { load(initialState) }

  func addCampaign(_ campaign: EmulatedCampaign) {
    if campaigns[campaign.id] == nil { campaignOrder.append(campaign.id) }
    campaigns[campaign.id] = campaign
  }

  /// Everything, for `GET /_emulator/state`.
  func snapshot() -> JSONValue {
    .object(
      JSONObject([
        ("customers", .array(orderedCustomers().map(\.stateJSON))),
        ("messages", .array(messages.map(\.stateJSON))),
        ("webhooks", .array(webhooks.map(\.json))),
        ("campaigns", .array(campaignOrder.compactMap { campaigns[$0]?.stateJSON })),
        ("deliveries", .array(deliveries.map(\.stateJSON))),
        ("tags", .array(tags.map(JSONValue.string))),
        ("account", account.json),
      ]))
  }
}
