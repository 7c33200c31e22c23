import Crypto
import Synchronization

/// The de-duplication keys of every delivery in a SQLite file's webhook queue, held in memory by
/// the file's one server (see ``SQLiteHistory/claimServing()``) so that accepting a webhook does
/// not insert into an index of content hashes: each such insert dirtied one random B-tree page,
/// written to the WAL at every commit, and was the largest cost of a durable intake (measured in
/// docs/benchmarks.md).
///
/// A key is checked and reserved before its delivery is written. A second delivery with a key
/// whose first delivery is still being committed waits for that commit: it is a duplicate only once
/// the first is on disk, and becomes the new one if the first could not be stored, so a `200
/// duplicate` always means the delivery is stored.
///
/// Each key is kept as 128 bits of SHA-256 over the hook and the key (16 bytes, about 40 with the
/// set's overhead), so a day of one million deliveries holds about 40 MB.
final class RecentDeliveryKeys: Sendable {
  struct Digest: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(hook: String, key: String) {
      var hasher = SHA256()
      hasher.update(data: Array(hook.utf8))
      hasher.update(data: [0])
      hasher.update(data: Array(key.utf8))
      let digest = hasher.finalize()
      var high: UInt64 = 0
      var low: UInt64 = 0
      for (offset, byte) in digest.prefix(16).enumerated() {
        if offset < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
      }
      self.high = high
      self.low = low
    }
  }

  /// What the caller of ``claim(_:)`` does next.
  enum Claim: Equatable {
    /// The key is reserved for this caller: write the delivery, then ``settle(_:stored:)``.
    case new
    /// A delivery with this key is stored: answer it as a duplicate.
    case duplicate
  }

  private struct State {
    /// nil until the queue's keys are loaded (``load(_:)``).
    var stored: Set<Digest>?
    /// Keys being committed, with the callers waiting to learn whether they were.
    var storing: [Digest: [CheckedContinuation<Bool, Never>]] = [:]
  }

  private let state = Mutex(State())

  var isLoaded: Bool { state.withLock { $0.stored != nil } }

  /// Installs the keys read from the queue; a second load (two first callers) is ignored.
  func load(_ keys: some Sequence<Digest>) {
    state.withLock { state in
      if state.stored == nil { state.stored = Set(keys) }
    }
  }

  /// Reserves `digest` for the caller, or tells it the delivery is a duplicate (waiting, when the
  /// first delivery with the key is being committed, until it is). Call only once loaded.
  func claim(_ digest: Digest) async -> Claim {
    while true {
      let step = state.withLock { state -> Claim? in
        if state.stored?.contains(digest) == true { return .duplicate }
        if state.storing[digest] != nil { return nil }
        state.storing[digest] = []
        return .new
      }
      if let step { return step }
      let firstWasStored = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        let known = state.withLock { state -> Bool? in
          if state.stored?.contains(digest) == true { return true }
          guard state.storing[digest] != nil else { return false }
          state.storing[digest]?.append(continuation)
          return nil
        }
        if let known { continuation.resume(returning: known) }
      }
      if firstWasStored { return .duplicate }
      // The first could not be stored: this one tries to be.
    }
  }

  /// Ends the reservation made by ``claim(_:)``: `stored` when the delivery was committed.
  func settle(_ digest: Digest, stored: Bool) {
    let waiters = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
      if stored { state.stored?.insert(digest) }
      return state.storing.removeValue(forKey: digest) ?? []
    }
    for waiter in waiters { waiter.resume(returning: stored) }
  }

  /// Forgets the keys of deliveries deleted from the queue (their window has passed).
  func forget(_ digests: some Sequence<Digest>) {
    state.withLock { state in
      for digest in digests { state.stored?.remove(digest) }
    }
  }
}
