import CredentialCore

/// The list: moving, marking and filtering.
extension Model {
    mutating func typeIntoFilter(_ character: Character) {
        let previous = filter.text
        filter.field.insert(character)
        refilter(previousQuery: previous)
    }

    /// Backspace on an empty filter stops typing it.
    mutating func editFilter(_ command: Command) {
        let previous = filter.text
        if command == .deleteBackward, filter.field.isEmpty {
            filter.isEditing = false
        } else {
            filter.field.edit(command)
        }
        if filter.text != previous { refilter(previousQuery: previous) }
    }

    mutating func handleClick(x: Int, y: Int) {
        guard overlay == nil else { return }
        let layout = self.layout
        guard !layout.isTooSmall, y >= layout.listTop, y < layout.listTop + layout.listHeight else { return }
        let index = top + (y - layout.listTop)
        guard index < visible.count else { return }
        cursor = index
        if TableColumns.box.contains(x) { toggleMark() }
    }

    // MARK: - Cursor and scrolling

    mutating func moveCursor(by offset: Int) {
        moveCursor(to: cursor + offset)
    }

    /// Moving on from a row also dismisses the last action's status: the footer goes back to
    /// describing the row under the cursor.
    mutating func moveCursor(to index: Int) {
        guard !visible.isEmpty else { return }
        let target = min(max(0, index), visible.count - 1)
        if target != cursor { status = nil }
        cursor = target
    }

    /// Scrolls as little as possible to show the cursor, and never past the end of the list.
    mutating func keepCursorVisible() {
        let height = layout.listHeight
        cursor = visible.isEmpty ? 0 : min(max(0, cursor), visible.count - 1)
        if cursor < top { top = cursor }
        if cursor >= top + height { top = cursor - height + 1 }
        top = min(max(0, top), max(0, visible.count - height))
    }

    // MARK: - Marks

    mutating func toggleMark() {
        guard let key = currentRow?.key else { return }
        if marked.remove(key) == nil { marked.insert(key) }
    }

    // MARK: - Filter

    mutating func clearFilter() {
        let previous = filter.text
        filter = Filter()
        if !previous.isEmpty { refilter(previousQuery: previous) }
    }

    /// Recomputes the rows shown. Typing more narrows the rows already shown instead of
    /// searching everything again; the cursor stays on its row, or the nearest one after it.
    mutating func refilter(previousQuery: String?) {
        guard let list else {
            visible = []
            return
        }
        let anchor = cursor < visible.count ? visible[cursor] : nil
        let query = Array(filter.text.lowercased().utf8)
        if query.isEmpty {
            visible = Array(list.rows.indices)
        } else {
            let previous = previousQuery?.lowercased() ?? ""
            let narrowing = !previous.isEmpty && filter.text.lowercased().contains(previous)
            let candidates = narrowing ? visible : Array(list.rows.indices)
            visible = candidates.filter { list.rows[$0].matches(filter: query) }
        }
        if let anchor {
            cursor = Self.position(of: anchor, in: visible)
        }
    }

    /// Where `index` is in the sorted `indices`, or where it would be.
    static func position(of index: Int, in indices: [Int]) -> Int {
        var low = 0
        var high = indices.count
        while low < high {
            let middle = (low + high) / 2
            if indices[middle] < index { low = middle + 1 } else { high = middle }
        }
        return min(low, max(0, indices.count - 1))
    }
}
