// khronika map: replaces the server-drawn SVG map with a Leaflet map when Leaflet is installed.
// Everything comes from khronika itself: Leaflet from /static/vendor, the country borders
// from /map/countries.geojson, the markers from the SVG's data-* attributes. No tiles, no
// other origin, no innerHTML: every text is set with textContent.
(function () {
  "use strict";
  var figure = document.getElementById("map-figure");
  if (!figure || !window.L) {
    return;
  }
  var circles = figure.querySelectorAll("circle[data-incident-id]");

  function popupFor(circle) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    var anchor = circle.closest("a");
    link.setAttribute("href", anchor ? anchor.getAttribute("href") : "#");
    var title = circle.querySelector("title");
    link.textContent = title ? title.textContent : circle.getAttribute("data-incident-id");
    box.appendChild(link);
    return box;
  }

  function addMarker(map, circle) {
    var lat = parseFloat(circle.getAttribute("data-lat"));
    var lon = parseFloat(circle.getAttribute("data-lon"));
    if (!isFinite(lat) || !isFinite(lon)) {
      return;
    }
    var inferred = circle.getAttribute("data-inferred") === "true";
    var marker = L.circleMarker([lat, lon], {
      radius: 8,
      color: "#8a1111",
      weight: 2,
      fillColor: inferred ? "#ffffff" : "#c0504d",
      fillOpacity: 0.85,
    }).addTo(map);
    marker.bindPopup(popupFor(circle));
    var element = marker.getElement();
    if (element) {
      ["data-incident-id", "data-lat", "data-lon"].forEach(function (name) {
        element.setAttribute(name, circle.getAttribute(name));
      });
      element.classList.add("marker");
    }
  }

  // Markers the server found on top of one another: a badge with their count, linking to
  // them as a list (the markers stay under it, each with its own popup once zoomed in).
  function addCluster(map, group) {
    var lat = parseFloat(group.getAttribute("data-lat"));
    var lon = parseFloat(group.getAttribute("data-lon"));
    var href = group.getAttribute("data-href");
    if (!isFinite(lat) || !isFinite(lon)) {
      return;
    }
    var icon = L.divIcon({ className: "cluster-icon", iconSize: [28, 28] });
    var badge = L.marker([lat, lon], { icon: icon, keyboard: true, zIndexOffset: 1000 }).addTo(map);
    var element = badge.getElement();
    if (element) {
      element.textContent = group.getAttribute("data-count");
      element.setAttribute("data-count", group.getAttribute("data-count"));
      var title = group.querySelector("title");
      element.setAttribute("title", title ? title.textContent : "");
    }
    badge.on("click", function () {
      if (href && href.charAt(0) === "/") {
        window.location.assign(href);
      }
    });
  }

  function addBorders(map) {
    var url = figure.getAttribute("data-borders");
    if (!url || !window.fetch) {
      return;
    }
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          L.geoJSON(data, {
            interactive: false,
            style: { color: "#8c8c8c", weight: 1, fillColor: "#f1efe8", fillOpacity: 1 },
          }).addTo(map).bringToBack();
        }
      })
      .catch(function () {});
  }

  function enhance() {
    var holder = document.createElement("div");
    holder.className = "leaflet-map";
    holder.setAttribute("role", "region");
    holder.setAttribute("aria-label", "Interactive map of the incidents");
    figure.parentNode.insertBefore(holder, figure);
    var map = L.map(holder, { worldCopyJump: true, preferCanvas: false });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Borders: Natural Earth");
    var points = [];
    circles.forEach(function (circle) {
      var point = [parseFloat(circle.getAttribute("data-lat")), parseFloat(circle.getAttribute("data-lon"))];
      if (isFinite(point[0]) && isFinite(point[1])) {
        points.push(point);
      }
    });
    // The view first: Leaflet adds no layer (so no marker element) to a map without one.
    if (points.length) {
      map.fitBounds(points, { padding: [40, 40], maxZoom: 7 });
    } else {
      map.setView([30, 20], 2);
    }
    circles.forEach(function (circle) {
      addMarker(map, circle);
    });
    figure.querySelectorAll("g.cluster[data-count]").forEach(function (group) {
      addCluster(map, group);
    });
    addBorders(map);
    // The same markers now live in the Leaflet map: one element per incident in the page.
    figure.parentNode.removeChild(figure);
  }

  try {
    enhance();
  } catch (error) {
    // The server-drawn SVG map stays: it is the same map, without panning and zooming.
    var failed = document.querySelector(".leaflet-map");
    if (failed && document.getElementById("map-figure")) {
      failed.parentNode.removeChild(failed);
    }
  }
})();
