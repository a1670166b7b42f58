/* The Mini App page: the unit map (HR admins) or the team (supervisors), drawn from the bot's JSON API.
 *
 * Telegram puts the signed initData and the theme into the URL fragment (#tgWebAppData=…&tgWebAppThemeParams=…);
 * this page reads them itself rather than loading telegram-web-app.js from elsewhere (the CSP allows only
 * this server). initData stays in memory and goes with every request; the server checks it every time.
 * Every text comes from the server in the person's language and is set as text, never as markup.
 */
(function () {
  "use strict";

  var COLORS = ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027"]; // Sangat Tinggi … Sangat Rendah
  var NONE = "#9e9e9e";
  var fragment = new URLSearchParams(window.location.hash.slice(1));
  var initData = fragment.get("tgWebAppData") || "";
  var view = new URLSearchParams(window.location.search).get("view") || "";
  var app = document.getElementById("app");
  var state = { data: null, detail: null, filters: { category: "", shortfall: false, never: false }, chart: null,
    drawing: 0 };

  function postEvent(type, data) {
    var payload = JSON.stringify(data || {});
    try {
      if (window.TelegramWebviewProxy) {
        window.TelegramWebviewProxy.postEvent(type, payload);
      } else if (window.parent !== window) {
        window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data || {} }), "https://web.telegram.org");
      }
    } catch (e) { /* outside Telegram: nothing to tell */ }
  }

  function applyTheme() {
    var raw = fragment.get("tgWebAppThemeParams");
    if (!raw) return;
    var theme;
    try { theme = JSON.parse(raw); } catch (e) { return; }
    var names = { bg_color: "--bg", text_color: "--text", hint_color: "--hint", link_color: "--link",
      button_color: "--button", button_text_color: "--button-text", secondary_bg_color: "--secondary-bg",
      section_bg_color: "--section-bg", section_separator_color: "--separator", destructive_text_color: "--destructive" };
    Object.keys(names).forEach(function (key) {
      if (typeof theme[key] === "string" && /^#[0-9a-fA-F]{3,8}$/.test(theme[key])) {
        document.documentElement.style.setProperty(names[key], theme[key]);
      }
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function T(key) { return (state.data && state.data.texts[key]) || key; }

  function api(path) {
    var url = "api/" + path + (view ? (path.indexOf("?") < 0 ? "?" : "&") + "view=" + encodeURIComponent(view) : "");
    return fetch(url, { headers: { Authorization: "tma " + initData }, credentials: "omit", cache: "no-store" });
  }

  function refuse(message) {
    state.data = null;
    if (state.chart) { state.chart.dispose(); state.chart = null; }
    app.textContent = "";
    var status = el("p", "status refused", message);
    status.id = "status";
    status.setAttribute("role", "alert");
    app.appendChild(status);
  }

  function readJson(response) {
    return response.json().then(function (body) {
      if (!response.ok) throw new Error(body && body.message ? body.message : String(response.status));
      return body;
    }, function () { throw new Error(response.status + ""); });
  }

  // -- filters ------------------------------------------------------------------------------------------
  function rank(category) { return state.data.categories.indexOf(category); }

  function unitMatches(unit) {
    var f = state.filters, fig = unit.tree;
    if (f.category && (fig.category === null || rank(fig.category) < rank(f.category))) return false;
    if (f.shortfall && !(fig.jp_met < fig.jp_duty)) return false;
    if (f.never && !(fig.unassessed > 0)) return false;
    return true;
  }

  function memberMatches(member) {
    var f = state.filters;
    if (f.category && (member.category === null || rank(member.category) < rank(f.category))) return false;
    if (f.shortfall && !(member.shortfall > 0)) return false;
    if (f.never && member.total !== null) return false;
    return true;
  }

  function colorOf(category) { return category === null ? NONE : COLORS[rank(category)] || NONE; }

  // -- pieces -------------------------------------------------------------------------------------------
  function card(label, value, name) {
    var node = el("div", "card");
    node.appendChild(el("div", "label", label));
    var v = el("div", "value", value);
    v.setAttribute("data-figure", name);
    node.appendChild(v);
    return node;
  }

  // The index on the headline basis (INDEX_BASIS, named in the label as /rekap names it), the other basis's
  // beside it, and the share of results resting on no pending claim.
  function cards(fig) {
    var box = el("div", "cards");
    box.appendChild(card(state.data.index_label, fig.mean_text, "mean"));
    box.appendChild(card(state.data.other_label, fig.other_mean_text, "other-mean"));
    box.appendChild(card(T("verified_share"), fig.verified_text + " (" + fig.fully_verified + "/" + fig.measured + ")",
      "verified"));
    box.appendChild(card(T("coverage"), fig.coverage_text + " (" + fig.measured + "/" + fig.members + ")", "coverage"));
    box.appendChild(card(T("jp_share"), fig.jp_text + " (" + fig.jp_met + "/" + fig.jp_duty + ")", "jp"));
    box.appendChild(card(T("unassessed"), fig.unassessed, "unassessed"));
    return box;
  }

  function filters() {
    var box = el("div", "filters");
    box.appendChild(el("strong", null, T("filters")));
    var label = el("label", null, T("filter_category"));
    var select = el("select");
    select.id = "filter-category";
    var any = el("option", null, T("filter_any"));
    any.value = "";
    select.appendChild(any);
    state.data.categories.forEach(function (name) {
      var option = el("option", null, T("category." + name));
      option.value = name;
      select.appendChild(option);
    });
    select.value = state.filters.category;
    select.addEventListener("change", function () { state.filters.category = select.value; redraw(); });
    label.appendChild(select);
    box.appendChild(label);
    [["shortfall", "filter_shortfall"], ["never", "filter_never"]].forEach(function (pair) {
      var check = el("input");
      check.type = "checkbox";
      check.id = "filter-" + pair[0];
      check.checked = state.filters[pair[0]];
      check.addEventListener("change", function () { state.filters[pair[0]] = check.checked; redraw(); });
      var l = el("label");
      l.appendChild(check);
      l.appendChild(document.createTextNode(T(pair[1])));
      box.appendChild(l);
    });
    return box;
  }

  function legend() {
    var box = el("div", "legend");
    state.data.categories.concat([null]).forEach(function (name) {
      var item = el("span");
      var chip = el("span", "chip");
      chip.style.backgroundColor = colorOf(name);
      item.appendChild(chip);
      item.appendChild(document.createTextNode(name === null ? T("no_index") : T("category." + name)));
      box.appendChild(item);
    });
    return box;
  }

  function unitRow(unit) {
    var row = el("tr", "unit");
    row.setAttribute("data-id", unit.id === null ? "" : unit.id);
    row.setAttribute("data-code", unit.code);
    var name = el("td");
    name.appendChild(el("div", "code", unit.code));
    name.appendChild(el("div", "sub", unit.name));
    row.appendChild(name);
    var fig = unit.tree;
    var mean = el("td", "num mean", fig.mean_text);
    var chip = el("span", "chip");
    chip.style.backgroundColor = colorOf(fig.category);
    mean.insertBefore(chip, mean.firstChild);
    row.appendChild(mean);
    row.appendChild(el("td", "num verified", fig.verified_text));
    row.appendChild(el("td", "num coverage", fig.coverage_text));
    row.appendChild(el("td", "num jp", fig.jp_text));
    row.appendChild(el("td", "num members wide", fig.members));
    if (state.data.comparison) row.appendChild(changeCell(unit));
    if (unit.id !== null) row.tabIndex = 0;
    return row;
  }

  function changeCell(unit) {
    var change = state.data.comparison.units[String(unit.id)];
    return el("td", "num change wide", change ? change.delta_text : "—");
  }

  // Long lists: the first screenfuls at once (lowest first, the ones that matter), the rest in the next
  // frames, so a unit of 2,000 or a map of 500 shows at once on a phone. A redraw (a filter, back) since
  // stops the filling of the table it replaced.
  var FIRST_ROWS = 150;
  var MORE_ROWS = 500;

  function fill(body, items, makeRow, doneMark) {
    var drawing = state.drawing;
    var done = 0;
    (function more(count) {
      var rows = document.createDocumentFragment();
      var end = Math.min(items.length, done + count);
      for (; done < end; done++) rows.appendChild(makeRow(items[done]));
      body.appendChild(rows);
      if (done >= items.length) { if (doneMark) mark(doneMark); return; }
      window.requestAnimationFrame(function () { if (state.drawing === drawing) more(MORE_ROWS); });
    })(FIRST_ROWS);
  }

  function unitTable(units, id) {
    var shown = units.filter(unitMatches);
    var table = el("table", "units");
    table.id = id;
    var head = el("tr");
    [["unit", ""], ["index", "num"], ["verified_share", "num"], ["coverage", "num"], ["jp_share", "num"],
      ["members", "num wide"]].forEach(function (c) {
      head.appendChild(el("th", c[1], T(c[0])));
    });
    if (state.data.comparison) head.appendChild(el("th", "num wide change", T("change")));
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    fill(body, shown, unitRow, null);
    // one listener for every row (a map of 500 units would otherwise make 1,000 closures)
    body.addEventListener("click", function (e) {
      var row = e.target.closest("tr.unit");
      if (row && row.getAttribute("data-id")) openUnit(row.getAttribute("data-id"));
    });
    body.addEventListener("keydown", function (e) {
      var row = e.target.closest("tr.unit");
      if (e.key === "Enter" && row && row.getAttribute("data-id")) openUnit(row.getAttribute("data-id"));
    });
    table.appendChild(body);
    var box = el("div");
    box.appendChild(table);
    if (!shown.length) box.appendChild(el("p", "empty", T("nothing")));
    return box;
  }

  function memberRow(m) {
    var row = el("tr", "member");
    row.setAttribute("data-id", m.id);
    var name = el("td");
    name.appendChild(el("div", "name", m.name));
    name.appendChild(el("div", "sub", m.nip));
    row.appendChild(name);
    row.appendChild(el("td", "num total", m.total_text));
    row.appendChild(el("td", "category wide", m.category_text));
    row.appendChild(el("td", "lacks", m.lacks.join(" · ")));
    return row;
  }

  function memberTable(members) {
    var shown = members.filter(memberMatches);
    var table = el("table", "members");
    table.id = "members";
    var head = el("tr");
    [["name", ""], ["total", "num"], ["category", "wide"], ["lacks", ""]].forEach(function (c) {
      head.appendChild(el("th", c[1], T(c[0])));
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    fill(body, shown, memberRow, "ipasn:unit-complete");
    table.appendChild(body);
    var box = el("div");
    box.appendChild(table);
    if (!shown.length) box.appendChild(el("p", "empty", members.length ? T("nothing") : T("no_members")));
    return box;
  }

  // -- the chart: a tree map sized by employees, coloured by the category of the index -------------------
  function treeNodes(units, rootParent) {
    var byParent = {};
    units.forEach(function (u) {
      var key = u.parent === null || u.parent === undefined ? "root" : String(u.parent);
      (byParent[key] = byParent[key] || []).push(u);
    });
    function node(u) {
      var children = (byParent[String(u.id)] || []).map(node);
      var dim = !unitMatches(u);
      var style = { color: colorOf(u.tree.category), opacity: dim ? 0.2 : 1 };
      if (children.length && u.own && u.own.members > 0) {
        children.push({ name: u.code, unitId: u.id, value: u.own.members,
          itemStyle: { color: colorOf(u.own.category), opacity: dim ? 0.2 : 1 } });
      }
      return { name: u.code, unitId: u.id, value: children.length ? undefined : u.tree.members,
        itemStyle: style, children: children.length ? children : undefined, fig: u.tree };
    }
    return (byParent[rootParent] || []).map(node);
  }

  function drawChart(nodes) {
    var box = document.getElementById("chart");
    if (!box || !window.echarts) return;
    if (state.chart) state.chart.dispose();
    var chart = window.echarts.init(box, null, { renderer: "canvas" });
    state.chart = chart;
    var text = getComputedStyle(document.documentElement).getPropertyValue("--text").trim() || "#1f2328";
    var bg = getComputedStyle(document.documentElement).getPropertyValue("--bg").trim() || "#ffffff";
    chart.setOption({
      animation: false,
      tooltip: { renderMode: "richText", formatter: function (p) {
        var f = p.data && p.data.fig;
        return f ? p.name + "\n" + state.data.index_label + " " + f.mean_text + " · " + T("verified_share") + " " +
          f.verified_text + " · " + T("coverage") + " " + f.coverage_text + " · " + T("jp_share") + " " + f.jp_text
          : p.name;
      } },
      series: [{
        type: "treemap", data: nodes, roam: false, nodeClick: false, breadcrumb: { show: false },
        left: 0, right: 0, top: 0, bottom: 0, visibleMin: 4,
        label: { show: true, color: "#111", fontSize: 11, overflow: "truncate" },
        upperLabel: { show: true, height: 16, color: text, fontSize: 11 },
        itemStyle: { borderColor: bg, borderWidth: 1, gapWidth: 1 },
        levels: [{ itemStyle: { borderColor: bg, borderWidth: 2, gapWidth: 2 } }]
      }]
    });
    chart.on("click", function (p) { if (p.data && p.data.unitId) openUnit(p.data.unitId); });
    mark("ipasn:chart-drawn");
  }

  // User Timing marks (benchmarks/miniapp.py reads them): when the map and a unit are on screen.
  function mark(name) {
    if (window.performance && performance.mark) {
      window.requestAnimationFrame(function () { performance.mark(name); });
    }
  }

  // ECharts (a megabyte of script) is fetched and parsed while the server computes the map: app.js asks
  // for the data first, then adds the script, so neither waits for the other.
  var chartsScript = null;

  function loadCharts() {
    chartsScript = document.createElement("script");
    chartsScript.src = "static/echarts.min.js";
    chartsScript.async = true;
    document.head.appendChild(chartsScript);
  }

  function whenCharts(draw) {
    if (window.echarts) { draw(); return; }
    chartsScript.addEventListener("load", function () { draw(); }, { once: true });
  }

  // Laying out a tree map of 500 units takes a few hundred milliseconds of the page's one thread: it starts
  // once the frame with the figures and the list has been painted (a task after that frame), never before.
  function afterPaint(work) {
    window.requestAnimationFrame(function () { setTimeout(work, 0); });
  }

  // -- the two screens ---------------------------------------------------------------------------------
  function header(title, sub, withBack) {
    var top = el("div", "top");
    var left = el("div");
    if (withBack) {
      var back = el("button", "back", T("back"));
      back.id = "back";
      back.addEventListener("click", function () { state.detail = null; redraw(); });
      left.appendChild(back);
    }
    var h1 = el("h1", null, title);
    h1.id = "title";
    left.appendChild(h1);
    left.appendChild(el("div", "as-of", sub));
    top.appendChild(left);
    var download = el("button", "action", T("download"));
    download.id = "download";
    download.addEventListener("click", function () { downloadWorkbook(download); });
    top.appendChild(download);
    return top;
  }

  function overview() {
    var d = state.data;
    app.appendChild(header(d.title, T("as_of") + " " + d.as_of_text, false));
    app.appendChild(cards(d.total));
    var note = el("p", "note", d.comparison_note);
    note.id = "comparison";
    app.appendChild(note);
    var basis = el("p", "note", d.basis_note);
    basis.id = "basis";
    app.appendChild(basis);
    app.appendChild(filters());
    app.appendChild(legend());
    var chart = el("div");
    chart.id = "chart";
    app.appendChild(chart);
    app.appendChild(el("p", "hint", T("hint")));
    app.appendChild(el("h2", null, T("units")));
    var sorted = d.units.slice(); // lowest first, as the server sends them
    app.appendChild(unitTable(sorted, "units"));
    var drawing = state.drawing;
    afterPaint(function () {
      whenCharts(function () { if (state.drawing === drawing) drawChart(treeNodes(d.units, "root")); });
    });
  }

  function detail() {
    var d = state.detail;
    app.appendChild(header(d.unit.code + " " + d.unit.name, T("as_of") + " " + state.data.as_of_text, true));
    app.appendChild(cards(d.unit.tree));
    app.appendChild(filters());
    if (d.children.length) {
      app.appendChild(legend());
      var chart = el("div");
      chart.id = "chart";
      app.appendChild(chart);
      app.appendChild(el("h2", null, T("sub_units")));
      app.appendChild(unitTable(d.children, "children"));
      afterPaint(function () {
        whenCharts(function () {
          if (state.detail === d) drawChart(treeNodes(d.children.map(function (c) {
            return Object.assign({}, c, { parent: null });
          }), "root"));
        });
      });
    }
    app.appendChild(el("h2", null, T("people")));
    app.appendChild(memberTable(d.members));
  }

  function redraw() {
    if (!state.data) return;
    state.drawing += 1;
    if (state.chart) { state.chart.dispose(); state.chart = null; }
    app.textContent = "";
    document.documentElement.lang = state.data.lang;
    document.title = T("title");
    if (state.detail) detail(); else overview();
  }

  function openUnit(id) {
    if (window.performance && performance.mark) performance.mark("ipasn:unit-asked");
    api("unit/" + encodeURIComponent(id)).then(readJson).then(function (body) {
      if (window.performance && performance.mark) performance.mark("ipasn:unit-fetched");
      state.detail = body;
      redraw();
      window.scrollTo(0, 0);
      mark("ipasn:unit-shown");
    }, function (error) { refuse(error.message); });
  }

  function inTelegram() {
    return !!window.TelegramWebviewProxy || window.parent !== window;
  }

  function downloadWorkbook(button) {
    button.disabled = true;
    button.textContent = T("downloading");
    var done = function () {
      button.disabled = false;
      button.textContent = T("download");
    };
    if (inTelegram()) {
      // Telegram's apps download the file themselves (Bot API 8.0): a short-lived link, as the header can't go.
      api("download-link").then(readJson).then(function (link) {
        postEvent("web_app_request_file_download", { url: new URL(link.url, window.location.href).href,
          file_name: link.file_name });
        done();
      }, function (error) { refuse(error.message); });
      return;
    }
    api("export").then(function (response) {
      if (!response.ok) return readJson(response);
      var disposition = response.headers.get("content-disposition") || "";
      var match = /filename="([^"]+)"/.exec(disposition);
      return response.blob().then(function (blob) {
        var link = el("a");
        link.href = URL.createObjectURL(blob);
        link.download = match ? match[1] : "rekap.xlsx";
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      });
    }).then(done, function (error) { refuse(error.message); });
  }

  // The comparison with the end of last year is a second map on the server: the page asks for it once the
  // map is on its way to the screen and adds it (the note, a ± column) when it arrives.
  function askComparison() {
    api("comparison").then(readJson).then(function (body) {
      if (!state.data) return;
      state.data.comparison = body;
      state.data.comparison_note = body.note;
      showComparison();
      mark("ipasn:comparison-shown");
    }, function (error) { refuse(error.message); });
  }

  function showComparison() {
    var note = document.getElementById("comparison");
    if (note) note.textContent = state.data.comparison_note;
    Array.prototype.forEach.call(document.querySelectorAll("table.units"), function (table) {
      var head = table.querySelector("thead tr");
      if (!head.querySelector(".change")) head.appendChild(el("th", "num wide change", T("change")));
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr.unit"), function (row) {
        if (row.querySelector(".change")) return;
        var id = row.getAttribute("data-id");
        row.appendChild(changeCell({ id: id === "" ? null : id }));
      });
    });
  }

  function start() {
    applyTheme();
    postEvent("web_app_ready");
    postEvent("web_app_expand");
    window.addEventListener("resize", function () { if (state.chart) state.chart.resize(); });
    var overview = api("overview");
    loadCharts();
    overview.then(readJson).then(function (body) {
      if (window.performance && performance.mark) performance.mark("ipasn:overview-fetched");
      state.data = body;
      state.data.comparison = null;
      redraw();
      mark("ipasn:units-listed");
      if (body.comparison_later) askComparison();
    }, function (error) { refuse(error.message); });
  }

  start();
})();
