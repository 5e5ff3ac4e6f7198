// Included into the scripts of reports with a chart (see their first line): the axis options its
// chart asks for (`neiqin_axis`, see neiqin/charts.py) survive frappe's report view, which
// replaces every chart's axisOptions with its own. They are merged in before the chart is drawn,
// so it is drawn once: drawing it a second time left the first chart's resize observer and
// timers redrawing detached nodes (frappe-charts' "removeChild" error).
frappe.provide("neiqin.charts");

neiqin.charts.keep_axis_options = (report) => {
	// one query-report view serves every report: wrap its chart options once
	if (report.neiqin_keeps_axis_options) return;
	report.neiqin_keeps_axis_options = true;
	const get_chart_options = report.get_chart_options;
	report.get_chart_options = function (data) {
		const options = get_chart_options.call(this, data);
		const wanted = data && data.chart && data.chart.neiqin_axis;
		if (!options || !wanted) return options;
		options.axisOptions = Object.assign({}, options.axisOptions, wanted);
		if (wanted.integer) {
			options.axisOptions.numberFormatter = (value) =>
				Number.isInteger(Number(value)) ? String(value) : "";
		}
		return options;
	};
};
