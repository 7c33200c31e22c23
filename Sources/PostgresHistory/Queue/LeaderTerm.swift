/// Which leadership term a store's poll commits belong to: the fencing token that keeps a runner
/// which stopped leading from moving a polling cursor its successor has moved on.
///
/// Each runner that becomes the leader increments the `leadership` row's epoch and leads under
/// that number; a poll cursor is saved only if the row still holds the number the write carries,
/// checked under a share lock on the row, so the next leader's increment waits for a commit in
/// progress and a commit that arrives after the increment is refused.
enum LeaderTerm: Sendable {
  /// The store never campaigned (`sonarflow run`, tools): it saves cursors unconditionally.
  case unfenced
  /// The store leads under `epoch`.
  case leading(epoch: Int64)
  /// The store campaigns but does not lead: its cursors are not saved.
  case following

  /// The epoch a poll commit made now must find in the `leadership` row, or nil for none. While
  /// following that is 0, which no term has (the first is 1).
  var fence: Int64? {
    switch self {
    case .unfenced: nil
    case .leading(let epoch): epoch
    case .following: 0
    }
  }
}
