// Included into the script of every neiqin report with a chart (see its first line), and called
// from its onload: `neiqin.charts.setup(report)`. frappe's report view (one view for all
// reports) draws a new chart on every refresh without retiring the last one, whose resize
// observer then redraws nodes no longer on the page (frappe-charts' "removeChild" error), and it
// replaces every chart's axisOptions with its own. Wrapped once here: the last chart is retired
// before the next is drawn, and the axis options the chart asks for (`neiqin_axis`, see
// neiqin/charts.py) are merged in before it is drawn, so that it is drawn once. Charts are drawn
// without animation: while frappe-charts animates, its drawing is off the page, and a resize
// then (the table drawn below the chart) raises the same error.
frappe.provide("neiqin.charts");

neiqin.charts.setup = (report) => {
	if (report.neiqin_charts_set_up) return;
	report.neiqin_charts_set_up = true;

	const render_chart = report.render_chart;
	report.render_chart = function (options) {
		if (this.chart && typeof this.chart.destroy === "function") this.chart.destroy();
		return render_chart.call(this, options);
	};

	const get_chart_options = report.get_chart_options;
	report.get_chart_options = function (data) {
		const options = get_chart_options.call(this, data);
		if (!options) return options;
		Object.assign(options, { animate: 0, disableEntryAnimation: 1 });
		const wanted = data && data.chart && data.chart.neiqin_axis;
		if (!wanted) return options;
		options.axisOptions = Object.assign({}, options.axisOptions, wanted);
		if (wanted.integer) {
			options.axisOptions.numberFormatter = (value) =>
				Number.isInteger(Number(value)) ? String(value) : "";
		}
		return options;
	};
};
