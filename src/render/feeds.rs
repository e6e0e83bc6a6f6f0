//! `sitemap.xml` and the Atom feed of plans (`atom.xml`).

use std::fmt::Write;

use time::{Month, PrimitiveDateTime, Time};

use super::{RenderContext, Renderer};
use crate::dates;
use crate::diagnostics::Diagnostic;
use crate::model::Plan;
use crate::output::Output;
use crate::text::escape_xml;
use crate::urls;

pub struct FeedRenderer;

/// When a plan was last changed: `opdateret`, else the signing date, else 1 January.
fn changed(plan: &Plan) -> PrimitiveDateTime {
    if let Some(u) = plan.updated {
        return u;
    }
    let date = plan
        .signature
        .as_ref()
        .map(|s| s.date)
        .or_else(|| time::Date::from_calendar_date(plan.year, Month::January, 1).ok())
        .unwrap_or(time::Date::MIN);
    PrimitiveDateTime::new(date, Time::MIDNIGHT)
}

impl Renderer for FeedRenderer {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Output, Vec<Diagnostic>> {
        let site = ctx.site();
        let base = site.base_url.as_str();
        let mut out = Output::default();

        let mut sitemap = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        let mut url = |loc: String, lastmod: Option<PrimitiveDateTime>| {
            let _ = write!(sitemap, "  <url><loc>{}</loc>", escape_xml(&loc));
            if let Some(m) = lastmod {
                let _ = write!(sitemap, "<lastmod>{}</lastmod>", dates::rfc3339(m));
            }
            sitemap.push_str("</url>\n");
        };
        url(format!("{base}/"), None);
        url(format!("{base}/styrelser/"), None);
        for agency in &ctx.published.agencies {
            url(urls::public(base, &urls::agency(&agency.slug)), None);
        }
        // Search engines and feed readers only ever hear of approved plans.
        let approved: Vec<&Plan> = ctx.plans().iter().filter(|p| !p.is_draft()).collect();
        for plan in &approved {
            url(
                urls::public(base, &urls::plan(plan.year, &plan.agency.slug)),
                Some(changed(plan)),
            );
        }
        sitemap.push_str("</urlset>\n");
        out.add(urls::SITEMAP, sitemap);

        // The feed lists the newest changes first.
        let mut plans = approved;
        plans.sort_by_key(|p| std::cmp::Reverse(changed(p)));
        let feed_updated = plans
            .first()
            .map(|p| changed(p))
            .unwrap_or(PrimitiveDateTime::MIN);
        let mut atom = String::new();
        let _ = write!(
            atom,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"da\">\n  <title>{}</title>\n  <subtitle>{} fra {}</subtitle>\n  <id>{base}/</id>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{base}/\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/atom.xml\"/>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n",
            escape_xml(&site.title),
            escape_xml(&site.names.plans),
            escape_xml(&site.ministry),
            dates::rfc3339(feed_updated),
            escape_xml(&site.ministry),
        );
        for plan in plans {
            let link = urls::public(base, &urls::plan(plan.year, &plan.agency.slug));
            let _ = write!(
                atom,
                "  <entry>\n    <title>{}</title>\n    <id>{link}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n    <updated>{}</updated>\n    <summary>{}: {} mål for {}.</summary>\n  </entry>\n",
                escape_xml(&plan.title),
                dates::rfc3339(changed(plan)),
                escape_xml(&plan.agency.name),
                plan.goals.len(),
                plan.year,
            );
        }
        atom.push_str("</feed>\n");
        out.add(urls::FEED, atom);
        Ok(out)
    }
}
