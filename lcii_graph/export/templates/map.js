/* lcii-graph map: draws the JSON data element "map-data" with vis-network.
 * Every text from the data is set with textContent (never innerHTML), so a name
 * holding markup shows as the characters it is. (This file is inlined in a
 * script element: it must never contain a closing script tag.) */
(function () {
  "use strict";
  var dataElement = document.getElementById("map-data");
  if (!dataElement) { return; }
  var data = JSON.parse(dataElement.textContent);
  var container = document.getElementById("map");
  var colors = Object.create(null);  // no prototype: an id may be "constructor"
  data.sectors.forEach(function (s) { colors[s.id] = s.color; });
  var shapes = { Organization: "dot", Partnership: "diamond", Community: "hexagon" };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function money(amount) {
    if (amount === null || amount === undefined) { return ""; }
    return "$" + Math.round(amount).toLocaleString("en-US");
  }

  function tooltip(node) {
    var box = el("div", null, "tip");
    box.appendChild(el("strong", node.label));
    var line = node.kind === "Organization" ? node.sector + (node.level ? ", " + node.level : "")
      : node.kind;
    box.appendChild(el("div", line));
    return box;
  }

  var byId = Object.create(null);
  var visNodes = data.nodes.map(function (n) {
    byId[n.id] = n;
    var color = n.kind === "Partnership" ? "#555555" : (colors[n.sector] || "#999999");
    var node = {
      id: n.id, label: n.label, x: n.x, y: n.y, size: n.size,
      shape: shapes[n.kind] || "dot", title: tooltip(n),
      color: { background: color, border: n.cut_point ? "#000000" : color,
               highlight: { background: color, border: "#000000" } },
      borderWidth: n.cut_point ? 5 : (n.silo ? 3 : 1),
      shapeProperties: { borderDashes: n.silo && !n.cut_point ? [6, 4] : false },
      font: { size: n.kind === "Partnership" ? 16 : 12 }
    };
    return node;
  });
  var edgeStyles = {
    ties: { color: "#888888", dashes: false },
    survey: { color: "#2e8b57", dashes: [2, 2] },
    commitments: { color: "#b8860b", dashes: [8, 4] },
    people: { color: "#6a5acd", dashes: [2, 4] },
    member: { color: "#cccccc", dashes: false }
  };
  var visEdges = data.edges.map(function (e, i) {
    var style = edgeStyles[e.kind] || edgeStyles.ties;
    return { id: "e" + i, from: e.from, to: e.to, color: { color: style.color },
             dashes: style.dashes, width: e.weight ? Math.min(1 + Math.log(e.weight), 8) : 1,
             kind: e.kind };
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: false,
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: data.nodes.length > 800 },
    nodes: { font: { face: "sans-serif" } },
    edges: { smooth: false, selectionWidth: 2 },
    layout: { improvedLayout: false }
  });

  // -- details panel ------------------------------------------------------------------
  var details = document.getElementById("details");
  function showDetails(id) {
    details.textContent = "";
    var n = byId[id];
    if (!n) { details.appendChild(el("p", "Click a node to see its details.", "hint")); return; }
    details.appendChild(el("h3", n.label));
    var table = el("dl");
    Object.keys(n.details || {}).forEach(function (key) {
      table.appendChild(el("dt", key));
      table.appendChild(el("dd", n.details[key]));
    });
    details.appendChild(table);
    if (n.partnerships && n.partnerships.length) {
      details.appendChild(el("h4", "At the tables"));
      var list = el("ul");
      n.partnerships.forEach(function (p) { list.appendChild(el("li", p.name + " (" + p.roles.join(", ") + ")")); });
      details.appendChild(list);
    }
    if (n.commitments && n.commitments.length) {
      details.appendChild(el("h4", "Commitments made"));
      var clist = el("ul");
      n.commitments.forEach(function (c) {
        var text = c.type.replace("_", " ") + (c.amount ? " " + money(c.amount) : "") +
          " (" + c.status + ")" + (c.partnership ? " to " + c.partnership : "") +
          (c.to ? ", for " + c.to : "");
        clist.appendChild(el("li", text));
      });
      details.appendChild(clist);
    }
    if (n.people && n.people.length) {
      var deciders = n.people.filter(function (p) { return p.decision_maker; }).length;
      details.appendChild(el("h4", "People: " + n.people.length + " (" + deciders +
        " decision-maker" + (deciders === 1 ? "" : "s") + ")"));
      var plist = el("ul");
      n.people.forEach(function (p) {
        var parts = [];
        if (p.name) { parts.push(p.name); }
        parts.push(p.title || "no title");
        if (p.decision_maker) { parts.push("decision-maker"); }
        if (p.email) { parts.push(p.email); }
        if (p.phone) { parts.push(p.phone); }
        if (p.notes) { parts.push(p.notes); }
        plist.appendChild(el("li", parts.join(" · ")));
      });
      details.appendChild(plist);
    }
    if (n.judgements && n.judgements.length) {
      details.appendChild(el("h4", "Latest judgement"));
      var jlist = el("ul");
      n.judgements.forEach(function (j) {
        var parts = [(j.table || "every table") + " (" + j.assessed + ")"];
        if (j.quadrant) { parts.push(j.quadrant); }
        parts.push(j.salience);
        if (j.stance) { parts.push(j.stance); }
        if (j.engagement) {
          parts.push(j.engagement + (j.engagement_target && j.engagement_target !== j.engagement
            ? " \u2192 " + j.engagement_target : ""));
        }
        parts.push("last contact " + (j.last_contact || "none"));
        jlist.appendChild(el("li", parts.join(" \u00b7 ")));
      });
      details.appendChild(jlist);
    }
    if (n.flags && n.flags.length) {
      details.appendChild(el("h4", "In the findings"));
      var flist = el("ul");
      n.flags.forEach(function (f) { flist.appendChild(el("li", f)); });
      details.appendChild(flist);
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(params.nodes[0]); }
  });

  // -- filters --------------------------------------------------------------------------
  var sectorBoxes = document.querySelectorAll("input[data-sector]");
  var tableSelect = document.getElementById("filter-partnership");
  var levelSelect = document.getElementById("filter-level");
  var placeSelect = document.getElementById("filter-place");
  var customSelect = document.getElementById("filter-custom");
  var arrange = null;  // the power-interest arrangement's select, set below
  var counter = document.getElementById("visible-count");
  function applyFilters() {
    var sectors = Object.create(null);
    sectorBoxes.forEach(function (box) { sectors[box.getAttribute("data-sector")] = box.checked; });
    var table = tableSelect ? tableSelect.value : "";
    var level = levelSelect ? levelSelect.value : "";
    var place = placeSelect && placeSelect.value !== "" ? Number(placeSelect.value) : null;
    // A custom field's value, as "field:value" positions in data.custom_fields.
    var custom = null;
    if (customSelect && customSelect.value !== "") {
      var pick = customSelect.value.split(":").map(Number);
      var field = data.custom_fields[pick[0]];
      custom = { name: field.name, value: field.values[pick[1]] };
    }
    var members = null;
    if (table && byId[table]) { members = Object.create(null); (byId[table].members || []).forEach(function (m) { members[m] = true; }); members[table] = true; }
    var updates = [];
    var kept = [];
    var shown = 0;
    data.nodes.forEach(function (n) {
      var visible = true;
      if (n.kind !== "Partnership" && n.sector && sectors[n.sector] === false) { visible = false; }
      if (members && n.kind !== "Community" && !members[n.id]) { visible = false; }
      // On the community map, a table shows the communities its members belong to.
      if (table && n.kind === "Community" && (n.tables || []).indexOf(table) < 0) { visible = false; }
      if (level && n.kind !== "Partnership" && n.level !== level) { visible = false; }
      if (level && n.kind === "Partnership") { visible = false; }
      // A place shows what is based in it or within it, and the tables serving it or a
      // place within it.
      if (place !== null && (n.places || []).indexOf(place) < 0) { visible = false; }
      if (custom && !(n.custom && Object.prototype.hasOwnProperty.call(n.custom, custom.name) &&
                      n.custom[custom.name] === custom.value)) { visible = false; }
      // On the power-interest grid only what has a judgement with both scores is drawn.
      if (arrange && arrange.value === "grid" && !onGrid(n)) { visible = false; }
      if (visible && n.kind !== "Partnership") { shown += 1; }
      if (visible) { kept.push(n.id); }
      updates.push({ id: n.id, hidden: !visible });
    });
    nodes.update(updates);
    // Frame what is left, so a filtered map is not a few dots lost in a large canvas.
    if (kept.length) { network.fit({ nodes: kept, animation: false }); }
    counter.textContent = shown + " of " + data.nodes.filter(function (n) { return n.kind !== "Partnership"; }).length + " shown";
  }
  sectorBoxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
  if (tableSelect) { tableSelect.addEventListener("change", applyFilters); }
  if (levelSelect) { levelSelect.addEventListener("change", applyFilters); }
  if (placeSelect) { placeSelect.addEventListener("change", applyFilters); }
  if (customSelect) { customSelect.addEventListener("change", applyFilters); }

  // -- search ---------------------------------------------------------------------------
  var search = document.getElementById("search");
  var searchNote = document.getElementById("search-note");
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return null; }
    var exact = data.nodes.filter(function (n) { return n.label.toLowerCase() === q; });
    var partial = data.nodes.filter(function (n) { return n.label.toLowerCase().indexOf(q) >= 0; });
    return (exact[0] || partial[0] || null);
  }
  function focusOn(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.4, animation: false });
    showDetails(id);
  }
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var hit = find(search.value);
    searchNote.textContent = hit ? "" : "No match.";
    if (hit) { focusOn(hit.id); }
  });

  // -- findings -------------------------------------------------------------------------
  var findingList = document.getElementById("findings");
  if (findingList) {
    data.findings.forEach(function (f) {
      var item = el("li", null, "finding " + f.severity);
      var button = el("button", "[" + f.severity + "] " + f.message);
      button.type = "button";
      button.addEventListener("click", function () {
        var present = f.subjects.filter(function (s) { return byId[s]; });
        if (!present.length) { return; }
        network.selectNodes(present);
        network.fit({ nodes: present, animation: false });
        if (present.length === 1) { showDetails(present[0]); }
      });
      item.appendChild(button);
      findingList.appendChild(item);
    });
  }

  // -- stakeholders: stance colours, the power-interest arrangement (internal maps) ------
  var stanceColors = { "-2": "#b2182b", "-1": "#ef8a62", "0": "#bababa", "1": "#67a9cf",
                       "2": "#2166ac" };
  function judgement(n) { return n.judgements && n.judgements.length ? n.judgements[0] : null; }
  function onGrid(n) {
    var j = judgement(n);
    return Boolean(j && j.power !== null && j.interest !== null);
  }
  var colorBy = document.getElementById("color-by");
  arrange = document.getElementById("arrange");
  if (colorBy) {
    colorBy.addEventListener("change", function () {
      nodes.update(data.nodes.filter(function (n) { return n.kind === "Organization"; })
        .map(function (n) {
          var j = judgement(n);
          var color = colorBy.value === "stance"
            ? (j && j.stance_score !== null ? stanceColors[String(j.stance_score)] : "#eeeeee")
            : (colors[n.sector] || "#999999");
          return { id: n.id, color: { background: color, border: n.cut_point ? "#000000" : color,
                                      highlight: { background: color, border: "#000000" } } };
        }));
    });
  }
  if (arrange) {
    arrange.addEventListener("change", function () {
      // On the grid: interest across, power up, 1 to 4 each; what has no judgement with both
      // scores (and every table) is hidden until the network comes back.
      var crowd = Object.create(null);
      nodes.update(data.nodes.map(function (n) {
        if (arrange.value === "network" || !onGrid(n)) { return { id: n.id, x: n.x, y: n.y }; }
        var j = judgement(n);
        var key = j.interest + ":" + j.power;
        var k = crowd[key] = (crowd[key] || 0) + 1;
        return { id: n.id, x: (j.interest - 2.5) * 400 + ((k - 1) % 4) * 60,
                 y: (2.5 - j.power) * 400 + Math.floor((k - 1) / 4) * 60 };
      }));
      applyFilters();  // hides what the grid cannot place, and frames what is left
    });
  }

  // -- survey: ties coloured by the trust rated between the two (internal maps) ----------
  var tieColor = document.getElementById("tie-color");
  function trustColor(t) {
    if (t === undefined || t === null) { return "#dddddd"; }
    var k = Math.max(0, Math.min(1, (t - 1) / 3));  // 1 red, 4 green
    return "rgb(" + Math.round(215 - 189 * k) + "," + Math.round(48 + 104 * k) + "," +
      Math.round(39 + 41 * k) + ")";
  }
  if (tieColor) {
    tieColor.addEventListener("change", function () {
      edges.update(data.edges.map(function (e, i) {
        var color = tieColor.value === "trust" ? trustColor(e.trust)
          : (edgeStyles[e.kind] || edgeStyles.ties).color;
        return { id: "e" + i, color: { color: color } };
      }));
    });
  }

  showDetails(null);
  applyFilters();
  network.once("afterDrawing", function () {
    document.body.setAttribute("data-drawn", String(performance.now()));
  });
  window.lciiMap = {
    network: network, nodes: nodes, edges: edges, data: data,
    drawnNodeCount: function () { return network.body.nodeIndices.length; },
    trustColor: trustColor,
    visibleCount: function () { return nodes.get({ filter: function (n) { return !n.hidden; } }).length; },
    focusOn: focusOn
  };
})();
