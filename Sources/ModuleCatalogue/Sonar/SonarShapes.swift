/// Output shapes of Sonar's resources, as the API and its webhooks return them (see docs/sonar.md).
package enum SonarShapes {
  package static let user = OutputShape.collection([
    OutputField("first_name", .text), OutputField("last_name", .text), OutputField("email", .text),
  ])

  /// The customer as `GET /customers` returns it.
  package static let customer = OutputShape.collection([
    OutputField("phone_number", .text, "E.164 phone number, the customer's key"),
    OutputField("first_name", .text), OutputField("last_name", .text), OutputField("email", .text),
    OutputField("assigned_phone_number", .text, "the Sonar number this customer texts with"),
    OutputField("subscribed", .boolean, "false when the customer opted out"),
    OutputField("unsubscribed_at", .date),
    OutputField("properties", .dynamic, "custom properties, name → value"),
    OutputField("external_id", .text),
  ])

  /// The customer as `POST /customers` returns it.
  package static let savedCustomer = OutputShape.collection([
    OutputField("phone_number", .text), OutputField("email", .text), OutputField("first_name", .text),
    OutputField("last_name", .text), OutputField("subscribed", .boolean),
    OutputField("properties", .dynamic, "custom properties, name → value"),
    OutputField("assignee", user, "the assigned team member, if any"),
  ])

  /// The customer inside webhook payloads: the full customer.
  package static let webhookCustomer = OutputShape.collection([
    OutputField("phone_number", .text), OutputField("first_name", .text), OutputField("last_name", .text),
    OutputField("email", .text), OutputField("assigned_phone_number", .text), OutputField("subscribed", .boolean),
    OutputField("unsubscribed_at", .date), OutputField("properties", .dynamic), OutputField("external_id", .text),
    OutputField("assignee", user),
  ])

  private static let envelope: [OutputField] = [
    OutputField("uuid", .text, "unique id of the event, kept across Sonar's retries"),
    OutputField("action", .text, "the event name"),
    OutputField("external_id", .text),
  ]

  /// A message event (new assigned/unassigned message, outbound message).
  package static let messageEvent = OutputShape.collection(
    envelope + [
      OutputField("message_id", .text, "the message's id (UUID), used by Append Tag to Existing Message"),
      OutputField("text", .text), OutputField("media_url", .text), OutputField("from_name", .text),
      OutputField("to_name", .text), OutputField("link", .text, "the thread in Sonar's web app"),
      OutputField("customer", webhookCustomer), OutputField("user", user, "the team member, if any"),
    ])

  package static let customerCreatedEvent = OutputShape.collection(
    envelope + [OutputField("customer", webhookCustomer)])

  package static let customerStateChangedEvent = OutputShape.collection(
    envelope + [
      OutputField("previous_state", .text, "open or closed"), OutputField("state", .text, "open or closed"),
      OutputField("customer", webhookCustomer),
    ])

  package static let tagEvent = OutputShape.collection(
    envelope + [
      OutputField("message_id", .text), OutputField("tag_name", .text),
      OutputField("text", .text, "the tagged message's text"),
      OutputField("customer", webhookCustomer), OutputField("user", user),
    ])

  package static let sentMessage = OutputShape.collection([
    OutputField("to", .text, "the number as sent"), OutputField("text", .text),
    OutputField("status", .text, "queued, or unsubscribed when the customer opted out and nothing was sent"),
  ])

  package static let success = OutputShape.collection([OutputField("success", .boolean)])

  package static let deletedProperty = OutputShape.collection([
    OutputField("property_name", .text), OutputField("property_value", .text, "the value that was removed"),
    OutputField("email", .text), OutputField("phone_number", .text),
    OutputField("deleted", .boolean, "false when the customer had no such property"),
  ])

  package static let taggedMessage = OutputShape.collection([
    OutputField("message_id", .text), OutputField("tag_names", .array(of: .text)),
  ])

  package static let apiResponse = OutputShape.collection([
    OutputField("statusCode", .number), OutputField("headers", .dynamic), OutputField("body", .any),
  ])
}
