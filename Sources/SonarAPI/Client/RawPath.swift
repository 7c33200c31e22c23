/// Checks the path of a "Make an API Call" request: it must stay under the base URL, so the token
/// is never sent to another host or outside the API.
package enum RawPath {
  /// Returns the path normalised to start with `/`, with its query (if any) split off.
  package static func validate(_ path: String) throws(SonarError) -> (path: String, query: String?) {
    let trimmed = path.trimmingWhitespace()
    guard !trimmed.isEmpty else {
      throw SonarError.invalidPath("the path is empty; give one such as /customers")
    }
    let lowered = trimmed.lowercased()
    if lowered.contains("://") || trimmed.hasPrefix("//") || lowered.hasPrefix("http:")
      || lowered.hasPrefix("https:")
    {
      throw SonarError.invalidPath(
        "'\(trimmed)' is an absolute URL; give a path relative to the Sonar base URL, such as /customers"
      )
    }
    if trimmed.contains("\\")
      || trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "#" })
    {
      throw SonarError.invalidPath("'\(trimmed)' contains characters not allowed in a path")
    }
    let parts = trimmed.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    var pathPart = String(parts[0])
    let query = parts.count > 1 ? String(parts[1]) : nil
    for segment in pathPart.split(separator: "/") {
      let decoded = FormEncoding.unescape(String(segment)).replacingOccurrences(of: "+", with: " ")
      if decoded == ".." || decoded == "." || decoded.contains("/") || decoded.contains("\\") {
        throw SonarError.invalidPath(
          "'\(trimmed)' leaves the API base path ('..', '.' or encoded '/' segments)")
      }
    }
    if pathPart.contains(":") && !pathPart.hasPrefix("/") {
      throw SonarError.invalidPath("'\(trimmed)' looks like a URL; give a path such as /customers")
    }
    if !pathPart.hasPrefix("/") { pathPart = "/" + pathPart }
    return (pathPart, query)
  }
}
