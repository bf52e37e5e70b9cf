// A page of comments as one component: each comment's kind in bold, then its words. The server sends one JSON text
// for the page; everything shown is text (Vue interpolation, never HTML), with lang="mi" where the kind is te reo.
export default {
  template: `
  <div class="w-full">
    <div v-if="!data.rows.length" class="text-sm text-slate-700" :lang="data.empty.l">{{ data.empty.t }}</div>
    <ul v-else class="list-none p-0 m-0 nicegui-column w-full gap-1">
      <li v-for="row in data.rows" :key="row.id" class="flex flex-wrap gap-x-2 items-baseline">
        <span class="text-sm font-semibold" :lang="row.k.l">{{ row.k.t }}</span>
        <span class="whitespace-pre-wrap">{{ row.t }}</span>
      </li>
    </ul>
  </div>`,
  props: {
    comments: String, // JSON: {rows: [{id, k: {t, l}, t}], empty: {t, l}}
  },
  computed: {
    data() {
      return JSON.parse(this.comments);
    },
  },
};
