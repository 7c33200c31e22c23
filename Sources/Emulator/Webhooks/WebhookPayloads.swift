import Basics
import Foundation
import SonarAPI

/// One webhook event before delivery: its `uuid` (kept on every retry), `action` and body.
struct EmulatorEvent: Sendable {
  var uuid: String
  var action: String
  var payload: JSONValue
}

/// Every webhook body the emulator sends, in one place (reference §7.3, assumptions marked [A]
/// there). Common envelope: `uuid`, `action`, `external_id`, then event fields, then `customer`.
enum WebhookPayloads {
  static let threadBaseURL = "https://sendsonar.com/threads/"

  private static func envelope(
    _ action: WebhookEventKind, uuid: String?, _ fields: [(String, JSONValue)]
  ) -> EmulatorEvent {
    let id = uuid ?? UUID().uuidString.lowercased()
    let object = JSONObject([("uuid", .string(id)), ("action", .string(action.rawValue))] + fields)
    return EmulatorEvent(uuid: id, action: action.rawValue, payload: .object(object))
  }

  private static func link(_ customer: EmulatedCustomer) -> JSONValue {
    .string(threadBaseURL + customer.phone.digits)
  }

  /// (d) `customer_created`.
  static func customerCreated(_ customer: EmulatedCustomer, uuid: String? = nil) -> EmulatorEvent {
    envelope(
      .customerCreated, uuid: uuid,
      [("external_id", .optional(customer.externalID)), ("customer", customer.payloadJSON)])
  }

  /// (e) `customer_state_changed`, states `open`/`closed`.
  static func customerStateChanged(
    _ customer: EmulatedCustomer, from previous: String
  )
    -> EmulatorEvent
  {
    envelope(
      .customerStateChanged, uuid: nil,
      [
        ("external_id", .optional(customer.externalID)), ("previous_state", .string(previous)),
        ("state", .string(customer.state)), ("customer", customer.payloadJSON),
      ])
  }

  /// (f) `tag_added_to_message`.
  static func tagAdded(
    _ tag: String, to message: EmulatedMessage, customer: EmulatedCustomer
  )
    -> EmulatorEvent
  {
    tagEvent(.tagAddedToMessage, tag, message, customer)
  }

  /// (g) `tag_removed_from_message`.
  static func tagRemoved(
    _ tag: String, from message: EmulatedMessage, customer: EmulatedCustomer
  )
    -> EmulatorEvent
  {
    tagEvent(.tagRemovedFromMessage, tag, message, customer)
  }

  private static func tagEvent(
    _ kind: WebhookEventKind, _ tag: String, _ message: EmulatedMessage,
    _ customer: EmulatedCustomer
  ) -> EmulatorEvent {
    envelope(
      kind, uuid: nil,
      [
        ("message_id", .string(message.id)), ("external_id", .optional(customer.externalID)),
        ("tag_name", .string(tag)), ("text", .optional(message.text)),
        ("customer", customer.payloadJSON),
        ("user", customer.assignee?.json ?? .null),
      ])
  }

  /// (c) `outbound_message`: API and campaign sends have no `user`; `from_name` is the company.
  static func outboundMessage(
    _ message: EmulatedMessage, customer: EmulatedCustomer, companyName: String
  ) -> EmulatorEvent {
    envelope(
      .outboundMessage, uuid: nil,
      [
        ("message_id", .string(message.id)), ("external_id", .optional(customer.externalID)),
        ("text", .optional(message.text)), ("media_url", .optional(message.mediaURL)),
        ("from_name", .string(companyName)), ("to_name", .optional(customer.displayName)),
        ("link", link(customer)), ("customer", customer.payloadJSON), ("user", .null),
      ])
  }

  /// (a) `new_unassigned_message` or (b) `new_assigned_message`, by whether the customer has an
  /// assignee when the message comes in.
  static func inboundMessage(
    _ message: EmulatedMessage, customer: EmulatedCustomer
  )
    -> EmulatorEvent
  {
    let kind: WebhookEventKind =
      customer.assignee == nil ? .newUnassignedMessage : .newAssignedMessage
    return envelope(
      kind, uuid: nil,
      [
        ("message_id", .string(message.id)), ("external_id", .optional(customer.externalID)),
        ("text", .optional(message.text)), ("media_url", .optional(message.mediaURL)),
        ("from_name", .optional(customer.displayName)),
        ("to_name", .optional(customer.assignee?.fullName)),
        ("link", link(customer)), ("customer", customer.payloadJSON),
        ("user", customer.assignee?.json ?? .null),
      ])
  }

  /// `customer_subscribed`.
  static func customerSubscribed(_ customer: EmulatedCustomer) -> EmulatorEvent {
    envelope(
      .customerSubscribed, uuid: nil,
      [("external_id", .optional(customer.externalID)), ("customer", customer.payloadJSON)])
  }

  /// `customer_unsubscribed`.
  static func customerUnsubscribed(_ customer: EmulatedCustomer) -> EmulatorEvent {
    envelope(
      .customerUnsubscribed, uuid: nil,
      [("external_id", .optional(customer.externalID)), ("customer", customer.payloadJSON)])
  }

  /// `user_assignment`: the new assignee in `user`.
  static func userAssignment(_ customer: EmulatedCustomer) -> EmulatorEvent {
    envelope(
      .userAssignment, uuid: nil,
      [
        ("external_id", .optional(customer.externalID)), ("customer", customer.payloadJSON),
        ("user", customer.assignee?.json ?? .null),
      ])
  }
}
