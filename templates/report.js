// The report works without this script; it only adds sorting and filtering. It reads and moves elements and
// sets `hidden`: no HTML is built from text, nothing is fetched.
(function () {
  'use strict';
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return '';
    return cell.getAttribute('data-sort') || cell.textContent || '';
  }
  function compare(a, b) {
    var x = parseFloat(a);
    var y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a.trim().split(/[^0-9.+-]/)[0] && String(y) === b.trim().split(/[^0-9.+-]/)[0]) return x - y;
    return a.localeCompare(b, undefined, { numeric: true });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      th.setAttribute('role', 'button');
      th.setAttribute('tabindex', '0');
      function sort() {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(cellValue(r1, index), cellValue(r2, index));
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('input[data-filter]'), function (input) {
    var target = document.getElementById(input.getAttribute('data-filter'));
    if (!target) return;
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      var items = target.tagName === 'TABLE' ? target.tBodies[0].rows : target.querySelectorAll('[data-filter-text]');
      Array.prototype.forEach.call(items, function (item) {
        var text = (item.getAttribute('data-filter-text') || item.textContent || '').toLowerCase();
        item.hidden = q !== '' && text.indexOf(q) < 0;
      });
    });
  });
}());
