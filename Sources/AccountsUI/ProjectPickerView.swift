import CredentialCore

/// The picker's box: the filter being typed, how many match, and a window of the matches; a
/// spinner while the list loads, the core's words when it could not.
enum ProjectPickerView {
    /// Lines above the list inside the box: the filter, the count.
    static let headerLines = 2

    static func boxHeight(size: Size) -> Int { Box.maximumHeight(for: size) }

    static func listHeight(size: Size) -> Int { max(1, boxHeight(size: size) - 2 - headerLines) }

    /// The default project on the default organization's row, with where it comes from as
    /// `configure --list` tells it (the config file, or the variable that overrides it).
    static func defaultProject(of row: AccountList.Row, _ list: AccountList) -> String? {
        guard row.isDefaultOrganization, let project = list.defaultProject else { return nil }
        let origin = project.overriddenBy ?? "config"
        return "Project \(Printable.sanitized(project.value)) (from \(origin))"
    }

    static func draw(_ frame: inout Frame, _ model: Model, _ picker: ProjectPicker) {
        let glyphs = model.glyphs
        let box = Box(
            size: model.size, width: min(model.size.width - 2, 72), height: boxHeight(size: model.size))
        box.draw(
            &frame, title: "Projects of \(Names.short(picker.organization.canonicalURL))", glyphs: glyphs)
        let inner = box.innerWidth
        var y = box.innerTop
        let prompt = "Filter: "
        frame.write(prompt, x: box.innerX, y: y, style: Style(.keyName))
        let query = Printable.sanitized(picker.queryText)
        let field = Text.fit(query, inner - prompt.count - 1, ellipsis: glyphs.ellipsis)
        frame.write(field, x: box.innerX + prompt.count, y: y, style: Style(.plain))
        frame.write(
            glyphs.isUnicode ? "▏" : "_", x: box.innerX + prompt.count + TextWidth.columns(of: field), y: y,
            style: Style(.keyName))
        y += 1
        switch picker.phase {
        case .loading:
            let spinner = glyphs.spinner[model.spinnerFrame % glyphs.spinner.count]
            frame.write(
                "\(spinner) Reading the projects\(glyphs.ellipsis)", x: box.innerX, y: y,
                style: Style(.checking))
            return
        case .failed(let reason):
            var lines = Text.wrap(Printable.sanitized(reason, limit: 400), inner)
            lines.append("Esc closes.")
            for (offset, line) in lines.prefix(box.innerHeight - 1).enumerated() {
                frame.write(
                    line, x: box.innerX, y: y + offset,
                    style: Style(offset == lines.count - 1 ? .muted : .error))
            }
            return
        case .loaded:
            break
        }
        let total = picker.names.count
        let count =
            picker.queryText.isEmpty
            ? Names.count(total, "project") : "\(picker.matches.count) of \(Names.count(total, "project"))"
        frame.write(
            Text.fit(count, inner, ellipsis: glyphs.ellipsis), x: box.innerX, y: y, style: Style(.muted))
        y += 1
        let height = listHeight(size: model.size)
        if picker.matches.isEmpty {
            frame.write(
                Text.fit("Nothing matches; Backspace or Ctrl-U.", inner, ellipsis: glyphs.ellipsis),
                x: box.innerX,
                y: y, style: Style(.muted))
            return
        }
        let end = min(picker.matches.count, picker.top + height)
        for index in picker.top..<end {
            let name = picker.names[picker.matches[index]]
            let row = y + index - picker.top
            if name == picker.current {
                frame.write(glyphs.defaultMark, x: box.innerX, y: row, style: Style(.defaultMark))
            }
            frame.write(
                Text.fit(Printable.sanitized(name), inner - 2, ellipsis: glyphs.ellipsis), x: box.innerX + 2,
                y: row,
                style: Style(.plain))
            if index == picker.cursor {
                frame.restyle(x: box.innerX, y: row, count: inner) { $0.isHighlighted = true }
            }
        }
    }
}
