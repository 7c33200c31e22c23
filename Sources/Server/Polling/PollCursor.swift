import Expressions
import Foundation

/// What a polling trigger emits from one fetch, given what it emitted before: a pure state machine
/// (no I/O), persisted as `seenIDs` with the execution that emits the items.
struct PollCursor: Sendable, Equatable {
  /// Where a trigger starts on its first poll (`startFrom`).
  enum Start: Sendable, Equatable {
    /// Record what exists, emit nothing.
    case now
    /// Emit everything (up to the limit per cycle).
    case all
    /// Emit items whose date (at `datePath`) is at or after the date.
    case since(Date, datePath: String, timeZone: TimeZone)
  }

  /// Ids already emitted (or recorded by startFrom now), oldest first; nil before the first poll.
  private(set) var seenIDs: [String]?
  let start: Start
  let limit: Int
  /// The most ids remembered; older ones are forgotten (an endpoint rarely lists that many).
  let capacity: Int

  init(seenIDs: [String]?, start: Start, limit: Int, capacity: Int = 10_000) {
    self.seenIDs = seenIDs
    self.start = start
    self.limit = max(1, limit)
    self.capacity = capacity
  }

  /// The items to emit from `items` (each with its id), in the endpoint's order, and the cursor
  /// to save with their execution.
  mutating func select(_ items: [(id: String, item: Value)]) -> [Value] {
    let seen = Set(seenIDs ?? [])
    var remembered = seenIDs ?? []
    var emitted: [Value] = []
    let isFirstPoll = seenIDs == nil
    var selectedIDs = Set<String>()
    for (id, item) in items where !seen.contains(id) && !selectedIDs.contains(id) {
      if isFirstPoll, start == .now {
        remembered.append(id)
        selectedIDs.insert(id)
        continue
      }
      if case .since(let date, let path, let zone) = start, !Self.isItem(item, at: path, onOrAfter: date, in: zone) {
        continue
      }
      guard emitted.count < limit else { break }
      emitted.append(item)
      remembered.append(id)
      selectedIDs.insert(id)
    }
    if remembered.count > capacity { remembered.removeFirst(remembered.count - capacity) }
    seenIDs = remembered
    return emitted
  }

  private static func isItem(_ item: Value, at path: String, onOrAfter date: Date, in zone: TimeZone) -> Bool {
    let value = item.value(at: PathComponent.parse(dotted: path))
    guard let itemDate = try? Coercion.date(from: value, timeZone: zone) else { return false }
    return itemDate >= date
  }
}
