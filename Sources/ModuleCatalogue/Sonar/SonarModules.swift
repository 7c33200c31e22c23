/// The modules of Make's Sonar app: seven watch triggers and nine actions, with exactly Make's fields.
package enum SonarModuleSpecs {
  private static let app = "Sonar"

  private static let webhookName = FieldSpec(
    "webhookName", "Webhook Name", .text, required: true,
    help:
      "Names the webhook: sonarflow serve listens at /hooks/{webhookName}/{secret} and registers that URL with Sonar. Letters, digits, '-' and '_'.",
    allowsTemplate: false)

  private static let phoneNumber = FieldSpec(
    "phoneNumber", "Phone Number", .phone, required: true, help: "The customer's phone number, e.g. +13105551234.")

  private static func watch(
    _ name: String, _ label: String, event: String, summary: String, output: OutputShape
  ) -> ModuleSpec {
    ModuleSpec(
      name: name, label: label, app: app, kind: .instantTrigger, runtime: .trigger, summary: summary,
      params: [webhookName],
      output: output, sonarEvent: event, apiCall: "POST /webhooks (registered by sonarflow serve)")
  }

  package static let all: [ModuleSpec] = [
    watch(
      "sonar.watchNewCustomer", "Watch New Customer", event: "customer_created",
      summary: "Triggers when a customer is created in Sonar.", output: SonarShapes.customerCreatedEvent),
    watch(
      "sonar.watchCustomerStateChanged", "Watch Customer State Changed", event: "customer_state_changed",
      summary: "Triggers when a customer's conversation changes state (opened, closed).",
      output: SonarShapes.customerStateChangedEvent),
    watch(
      "sonar.watchTagAdded", "Watch Tag Added to a Message", event: "tag_added_to_message",
      summary: "Triggers when a tag is added to a message.", output: SonarShapes.tagEvent),
    watch(
      "sonar.watchTagRemoved", "Watch Tags Removed from a Message", event: "tag_removed_from_message",
      summary: "Triggers when a tag is removed from a message.", output: SonarShapes.tagEvent),
    watch(
      "sonar.watchOutboundMessage", "Watch New Outbound Message", event: "outbound_message",
      summary: "Triggers when a message is sent to a customer (from the web app, the API or a campaign).",
      output: SonarShapes.messageEvent),
    watch(
      "sonar.watchAssignedMessage", "Watch New Assigned Message", event: "new_assigned_message",
      summary: "Triggers when a customer with an assigned team member writes in.", output: SonarShapes.messageEvent),
    watch(
      "sonar.watchUnassignedMessage", "Watch New Unassigned Message", event: "new_unassigned_message",
      summary: "Triggers when a customer with nobody assigned writes in.", output: SonarShapes.messageEvent),

    ModuleSpec(
      name: "sonar.getCustomer", label: "Get a Customer", app: app, kind: .search, runtime: .runner(timeout: .make),
      summary: "Retrieves a customer by phone number.", fields: [phoneNumber], output: SonarShapes.customer,
      apiCall: "GET /customers?phone_number="),
    ModuleSpec(
      name: "sonar.createOrUpdateCustomer", label: "Create/Update a Customer", app: app, kind: .action,
      runtime: .runner(timeout: .make),
      summary:
        "Creates a customer, or updates the one with this phone number (only the fields given change; properties merge).",
      fields: [
        phoneNumber,
        FieldSpec("firstName", "First Name", .text, help: "The customer's first name."),
        FieldSpec("lastName", "Last Name", .text, help: "The customer's last name."),
        FieldSpec("email", "Email Address", .email, help: "The customer's email address."),
        FieldSpec(
          "properties", "Properties",
          .array(
            of: .collection([
              FieldSpec("name", "Name", .text, required: true, help: "The property's name."),
              FieldSpec(
                "type", "Type", .select(["text", "number", "date", "boolean"]), help: "How Sonar shows the value.",
                default: "text"),
              FieldSpec("value", "Value", .any, required: true, help: "The property's value."),
            ])),
          help: "Custom properties as a list of {name, type, value}; they are merged into the existing ones."),
        FieldSpec("pictureUrl", "Picture URL", .url, help: "A URL of the customer's picture."),
        FieldSpec(
          "subscribed", "Subscribed", .boolean,
          help: "false unsubscribes the customer from API, mass and campaign messages; true re-subscribes."),
        FieldSpec("userEmail", "User Email", .email, help: "The email of the team member to assign the customer to."),
        FieldSpec("zipCode", "ZIP Code", .text, help: "The customer's ZIP code."),
        FieldSpec("timezone", "Timezone", .text, help: "An IANA time zone such as America/Los_Angeles."),
      ],
      output: SonarShapes.savedCustomer, apiCall: "POST /customers"),
    ModuleSpec(
      name: "sonar.unassignAgent", label: "Unassign Agent", app: app, kind: .action, runtime: .runner(timeout: .make),
      summary: "Removes the assigned team member from a customer.", fields: [phoneNumber], output: SonarShapes.success,
      apiCall: "POST /customers/unassign"),
    ModuleSpec(
      name: "sonar.closeCustomer", label: "Close a Customer", app: app, kind: .action, runtime: .runner(timeout: .make),
      summary: "Closes the customer's conversation: unassigns and archives it.", fields: [phoneNumber],
      output: SonarShapes.success, apiCall: "POST /customers/close"),
    ModuleSpec(
      name: "sonar.deleteCustomerProperty", label: "Delete a Customer Property", app: app, kind: .action,
      runtime: .runner(timeout: .make),
      summary: "Deletes one custom property of a customer.",
      fields: [
        phoneNumber,
        FieldSpec("propertyName", "Property Name", .text, required: true, help: "The name of the property to delete."),
      ],
      output: SonarShapes.deletedProperty, apiCall: "DELETE /customers/properties"),
    ModuleSpec(
      name: "sonar.sendMessage", label: "Send a Message", app: app, kind: .action, runtime: .runner(timeout: .make),
      summary: "Sends an SMS (or MMS with a media URL) to a phone number; an unknown number becomes a customer.",
      fields: [
        phoneNumber,
        FieldSpec("text", "Text", .text, help: "The message text. Required unless Media URL is given."),
        FieldSpec("mediaUrl", "Media URL", .url, help: "A URL of an image (sent as MMS) or a .vcf file."),
        FieldSpec(
          "tagNames", "Tag Names", .array(of: .text),
          help: "Tags for the message; each must exist in Sonar or the message is not sent."),
      ],
      requiresOneOf: [["text", "mediaUrl"]],
      output: SonarShapes.sentMessage, apiCall: "POST /messages"),
    ModuleSpec(
      name: "sonar.appendTag", label: "Append Tag to Existing Message", app: app, kind: .action,
      runtime: .runner(timeout: .make),
      summary: "Adds a tag to a message that was already sent or received.",
      fields: [
        FieldSpec(
          "externalMessageId", "External Message ID", .text, required: true,
          help: "The message's id, e.g. {{1.message_id}} from a watch trigger."),
        FieldSpec("tagName", "Tag Name", .text, required: true, help: "The tag to add; it must exist in Sonar."),
      ],
      output: SonarShapes.taggedMessage, apiCall: "POST /messages/{id}/tags"),
    ModuleSpec(
      name: "sonar.sendCampaign", label: "Send a Campaign", app: app, kind: .action, runtime: .runner(timeout: .make),
      summary: "Sends a campaign to one phone number, now or at a set time.",
      fields: [
        FieldSpec(
          "campaignId", "Campaign ID", .text, required: true,
          help: "The campaign's slug from Sonar's campaign editor, e.g. test_d0Bu23."),
        FieldSpec("to", "To", .phone, required: true, help: "The recipient's phone number."),
        FieldSpec("sendAt", "Send at", .date, help: "When to send; leave empty to send now."),
      ],
      output: SonarShapes.sentMessage, apiCall: "POST /campaigns"),
    ModuleSpec(
      name: "sonar.apiCall", label: "Make an API Call", app: app, kind: .action, runtime: .runner(timeout: .make),
      summary:
        "Calls any Sonar API endpoint with the connection's token. The URL is relative to the API base, so the token never goes to another host.",
      fields: [
        FieldSpec(
          "url", "URL", .text, required: true,
          help:
            "A path relative to the API base, such as /customers?phone_number=+13105551234. Absolute URLs are refused."),
        FieldSpec(
          "method", "Method", .select(["GET", "POST", "PUT", "PATCH", "DELETE"]), required: true,
          help: "The HTTP method.", default: "GET"),
        FieldSpec(
          "headers", "Headers", .array(of: keyValue),
          help: "Extra request headers as {key, value}; the token header is added by the connection."),
        FieldSpec("query", "Query String", .array(of: keyValue), help: "Query parameters as {key, value}."),
        FieldSpec("body", "Body", .any, help: "The request body, sent as JSON."),
      ],
      output: SonarShapes.apiResponse, apiCall: "any"),
  ]

  /// A `{key, value}` pair, as Make's header and query-string lists take them.
  package static let keyValue = FieldType.collection([
    FieldSpec("key", "Key", .text, required: true, help: "The name."),
    FieldSpec("value", "Value", .text, help: "The value."),
  ])
}
