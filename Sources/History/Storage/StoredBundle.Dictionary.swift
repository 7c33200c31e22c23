extension StoredBundle {
  /// Preset dictionaries: text that deflate may refer back to from the first byte of a value, so
  /// a bundle of a few hundred bytes compresses as well as if it followed others like it. Sonar's
  /// names and the shape of recorded HTTP exchanges; the most frequent last (deflate's distances
  /// are shortest to the end). Frozen: changing one byte makes stored values unreadable.
  enum Dictionary {
    static let version1: [UInt8] = Array(
      ("""
      {"uuid":"","type":"","event":"","data":{"created_at":"","updated_at":"","sent_at":"",\
      "delivered_at":"","external_id":null,"properties":{},"tags":[],"subscribed":true,\
      "unsubscribed_at":null,"assigned_phone_number":"+1","last_name":"","email":"@example.com",\
      "body":"","media_url":null,"direction":"inbound","outbound","status":"queued","delivered",\
      "sent","failed","error":null,"message":{"id":"","text":"","customer":{"phone_number":"+1",\
      "first_name":"","id":
      """
        + #"[{"method":"POST","GET","url":"https://api.sendsonar.com/api/v1/customers?phone_number=%2B1"#
        + #"","https://api.sendsonar.com/api/v1/messages","requestHeaders":[["Accept","application/json"],"#
        + #"["Client","sonarflow"],["X-Token","<redacted>"],["Content-Type","application/json"]],"#
        + #""requestBody":"{\"phone_number\":\"+1","\"text\":\"","status":200,"status":202,"#
        + #""responseHeaders":[["Content-Type","application/json; charset=utf-8"]],"responseBody":"{\"id\":"#
        + #"","durationMicroseconds":,"attempt":1}]"#
        + #"[{"phone_number":"+1","first_name":"","text":"","id":""#).utf8)
  }
}
