/** The course checker's problems for one file, shown beside what they are about. */
export function ProblemList({ title, problems, id }: { title: string; problems: string[]; id?: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="alert alert--warning" id={id}>
      <p>
        <strong>{title}</strong>
      </p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
