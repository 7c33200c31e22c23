package import Basics

/// The fields of `POST /messages` (Make: Send a Message). Either `text` or `mediaURL` is needed.
package struct OutgoingMessage: Sendable, Hashable {
  package var to: String
  package var text: String?
  /// An image (sent as MMS) or a `.vcf` file.
  package var mediaURL: String?
  /// Every tag must already exist in Sonar, or the message is not sent.
  package var tagNames: [String]

  package init(to: String, text: String? = nil, mediaURL: String? = nil, tagNames: [String] = []) {
    self.to = to
    self.text = text
    self.mediaURL = mediaURL
    self.tagNames = tagNames
  }
}

/// The answer to `POST /messages` and `POST /campaigns`: `{"to","text","status"}`.
package struct MessageReceipt: Sendable, Hashable {
  package enum Status: Sendable, Hashable {
    /// Accepted; Sonar sends it within seconds.
    case queued
    /// The customer opted out; nothing was sent.
    case unsubscribed
    case other(String)

    package init(_ text: String) {
      switch text {
      case "queued": self = .queued
      case "unsubscribed": self = .unsubscribed
      default: self = .other(text)
      }
    }

    package var text: String {
      switch self {
      case .queued: "queued"
      case .unsubscribed: "unsubscribed"
      case .other(let text): text
      }
    }
  }

  package var to: String?
  /// The message text for `/messages`; the literal word `sent` for `/campaigns`.
  package var text: String?
  package var status: Status
  package var json: JSONObject

  package init(json: JSONObject) throws(SonarError) {
    guard let status = json["status"]?.stringValue else {
      throw SonarError.invalidResponse("the response has no status")
    }
    to = json["to"]?.stringValue
    text = json["text"]?.stringValue
    self.status = Status(status)
    self.json = json
  }
}

/// The fields of `POST /campaigns` (Make: Send a Campaign).
package struct CampaignSend: Sendable, Hashable {
  package var to: String
  /// The campaign's slug from Sonar's campaign editor, e.g. `test_d0Bu23`.
  package var campaignID: String
  /// When to send; nil sends now. Sent as `send_at`, ISO 8601 in UTC (`2026-11-25T20:00:00Z`).
  package var sendAt: SonarTimestamp?

  package init(to: String, campaignID: String, sendAt: SonarTimestamp? = nil) {
    self.to = to
    self.campaignID = campaignID
    self.sendAt = sendAt
  }
}

/// The answer to appending tags to an existing message.
package struct TagAppendResult: Sendable, Hashable {
  package var messageID: String
  package var tagNames: [String]
  package var json: JSONObject

  package init(json: JSONObject) {
    messageID = json["message_id"]?.stringValue ?? ""
    tagNames = json["tag_names"]?.arrayValue?.compactMap(\.stringValue) ?? []
    self.json = json
  }
}
