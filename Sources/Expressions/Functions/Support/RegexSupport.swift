package import Foundation

/// JavaScript-style regular expressions (`/pattern/flags`) on top of NSRegularExpression, with
/// JavaScript replacement patterns (`$&`, `$1`…`$99`, `$$`, `` $` ``, `$'`).
///
/// Every match on bundle data runs under a time limit and stops when its task is cancelled
/// (`matches(of:in:all:limit:function:)`): a customer's text run through a pattern that
/// backtracks, such as `/(a+)+b/` on 46 × `a`, would otherwise hold a worker for minutes.
package enum RegexSupport {
  /// How long one function call, or one filter condition, may spend matching: the default of
  /// `EvaluationContext.regexTimeLimit`. Ordinary patterns match an SMS-sized text in
  /// microseconds, so this leaves a thousandfold margin on a busy machine, while a hostile pattern
  /// costs a tenth of a second per call instead of holding a worker (and its execution) for good.
  package static let timeLimit = Duration.milliseconds(100)

  /// `/pattern/flags` split, when `text` is written that way.
  static func literal(_ text: String) -> (pattern: String, flags: String)? {
    guard text.count >= 3, text.hasPrefix("/"), let close = text.lastIndex(of: "/"), close > text.startIndex else {
      return nil
    }
    let flags = text[text.index(after: close)...]
    guard flags.allSatisfy({ "gimsuy".contains($0) }) else { return nil }
    let pattern = text[text.index(after: text.startIndex)..<close]
    guard !pattern.isEmpty else { return nil }
    return (String(pattern), String(flags))
  }

  /// Why the pattern cannot be used, or nil when it is fine.
  static func validate(pattern: String, flags: String) -> String? {
    do {
      _ = try compile(pattern: pattern, flags: flags)
      return nil
    } catch {
      return error.message
    }
  }

  static func compile(pattern: String, flags: String) throws(EvaluationError) -> NSRegularExpression {
    let withoutLookbehind = pattern.replacingOccurrences(of: "(?<=", with: "").replacingOccurrences(
      of: "(?<!", with: "")
    if withoutLookbehind.contains("(?<") {
      throw .invalidValue(
        "named groups are not supported in regular expressions", fixHint: "Use a numbered group and '$1'.")
    }
    var options: NSRegularExpression.Options = []
    for flag in flags {
      switch flag {
      case "i": options.insert(.caseInsensitive)
      case "m": options.insert(.anchorsMatchLines)
      case "s": options.insert(.dotMatchesLineSeparators)
      case "g", "u", "y": break
      default: throw .invalidValue("unknown regular expression flag '\(flag)'", fixHint: "Use the flags g, i, m, s, u.")
      }
    }
    do {
      return try NSRegularExpression(pattern: pattern, options: options)
    } catch {
      throw .invalidValue("the pattern cannot be compiled")
    }
  }

  /// The matches of `regex` in `text` (only the first unless `all`), found within `limit` and
  /// while the task is not cancelled; otherwise `function` fails with `expression.regexTimeLimit`
  /// or `expression.cancelled`.
  ///
  /// With `.reportProgress`, Foundation hands ICU a match callback (`uregex_setMatchCallback`)
  /// that calls the block every few thousand steps of a long match, about every half millisecond;
  /// setting `stop` there aborts the match. So a match that backtracks ends within a progress
  /// step of its limit or of a cancellation, and a quick one reads the clock once per match.
  package static func matches(
    of regex: NSRegularExpression, in text: String, all: Bool, limit: Duration, function: String
  ) throws(EvaluationError) -> [NSTextCheckingResult] {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: limit)
    var found: [NSTextCheckingResult] = []
    var failure: EvaluationError?
    let range = NSRange(location: 0, length: (text as NSString).length)
    regex.enumerateMatches(in: text, options: .reportProgress, range: range) { result, _, stop in
      if let result {
        found.append(result)
        if !all {
          stop.pointee = true
          return
        }
      }
      if Task.isCancelled {
        failure = .cancelled(function: function)
      } else if clock.now >= deadline {
        failure = .regexTimeLimit(function: function, limit: limit)
      }
      if failure != nil { stop.pointee = true }
    }
    if let failure { throw failure }
    return found
  }

  /// JavaScript `String.prototype.replace` with a regular expression.
  static func replace(
    _ text: String, pattern: String, flags: String, with replacement: String, limit: Duration, function: String
  ) throws(EvaluationError) -> String {
    let regex = try compile(pattern: pattern, flags: flags)
    return try replace(
      text, using: CompiledRegex(regex: regex, isGlobal: flags.contains("g")), with: replacement, limit: limit,
      function: function)
  }

  static func replace(
    _ text: String, using compiled: CompiledRegex, with replacement: String, limit: Duration, function: String
  ) throws(EvaluationError) -> String {
    let source = text as NSString
    let used = try matches(of: compiled.regex, in: text, all: compiled.isGlobal, limit: limit, function: function)
    guard !used.isEmpty else { return text }
    var output = ""
    var cursor = 0
    for match in used {
      output += source.substring(with: NSRange(location: cursor, length: match.range.location - cursor))
      output += expand(replacement, match: match, in: source)
      cursor = match.range.location + match.range.length
    }
    output += source.substring(from: cursor)
    return output
  }

  private static func expand(_ replacement: String, match: NSTextCheckingResult, in source: NSString) -> String {
    func group(_ index: Int) -> String {
      guard index < match.numberOfRanges else { return "" }
      let range = match.range(at: index)
      return range.location == NSNotFound ? "" : source.substring(with: range)
    }
    let characters = Array(replacement)
    var output = ""
    var index = 0
    while index < characters.count {
      let character = characters[index]
      guard character == "$", index + 1 < characters.count else {
        output.append(character)
        index += 1
        continue
      }
      let next = characters[index + 1]
      switch next {
      case "$":
        output.append("$")
        index += 2
      case "&":
        output += group(0)
        index += 2
      case "`":
        output += source.substring(to: match.range.location)
        index += 2
      case "'":
        output += source.substring(from: match.range.location + match.range.length)
        index += 2
      case _ where next.isASCII && next.isNumber:
        // Two digits when that group exists, else one (JavaScript's rule).
        var number = Int(String(next)) ?? 0
        var width = 2
        if index + 2 < characters.count, characters[index + 2].isASCII, characters[index + 2].isNumber,
          let two = Int(String([next, characters[index + 2]])), two >= 1, two < match.numberOfRanges
        {
          number = two
          width = 3
        }
        if number >= 1, number < match.numberOfRanges {
          output += group(number)
        } else {
          output += String(characters[index..<index + width])
        }
        index += width
      default:
        output.append(character)
        index += 1
      }
    }
    return output
  }
}

/// A compiled pattern shared by every evaluation of one template.
///
/// `@unchecked Sendable`: NSRegularExpression is immutable after creation and documented as safe
/// to use from several threads at once.
struct CompiledRegex: @unchecked Sendable {
  let regex: NSRegularExpression
  let isGlobal: Bool
}
